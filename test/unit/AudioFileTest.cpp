// Audio files: each format is what its extension says, a failed render leaves no file, and
// the interpreter names the node behind a NaN.
#include "TestSupport.h"

#include "phonon/interp/Interpreter.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <sys/resource.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace phonon::test {
namespace {

namespace fs = std::filesystem;

/// A fresh, empty folder per test.
std::string emptyFolder(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("phonon-audiofile-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::vector<std::string> folderContents(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// A stereo ramp and a sine, with a few samples beyond full scale at the end.
class TestPatch : public rt::Patch {
public:
  explicit TestPatch(uint64_t throwAtFrame = UINT64_MAX) : throwAt_(throwAtFrame) {}
  unsigned channels() const override { return 2; }
  Rational cps() const override { return Rational(1, 2); }
  Rational startCycle() const override { return Rational(0); }
  void init(float, uint32_t) override {}
  void process(const phonon_block_context& ctx) override {
    if (ctx.frame_position + ctx.frames > throwAt_)
      throw std::runtime_error("the pattern engine gave up");
    for (uint32_t i = 0; i < ctx.frames; ++i) {
      double t = static_cast<double>(ctx.frame_position + i);
      ctx.outputs[0][i] = static_cast<float>(std::fmod(t / 1000.0, 2.0) - 1.0);
      ctx.outputs[1][i] = static_cast<float>(0.9 * std::sin(t * 0.01));
      if (ctx.frame_position + i >= 9990) ctx.outputs[1][i] = 1.5f;
    }
  }

private:
  uint64_t throwAt_;
};

rt::RenderOptions tenThousandFrames() {
  rt::RenderOptions options;
  options.frames = 10000;
  options.blockSize = 256;
  return options;
}

TEST(AudioFileTest, FormatsFollowTheExtensionWhateverItsCase) {
  EXPECT_EQ(rt::audioFormatForPath("a.wav"), rt::AudioFormat::Wav);
  EXPECT_EQ(rt::audioFormatForPath("dir.x/a.FLAC"), rt::AudioFormat::Flac);
  EXPECT_EQ(rt::audioFormatForPath("a.ogg"), rt::AudioFormat::Ogg);
  EXPECT_EQ(rt::audioFormatForPath("a.aif"), rt::AudioFormat::Aiff);
  EXPECT_EQ(rt::audioFormatForPath("a.Aiff"), rt::AudioFormat::Aiff);
  EXPECT_EQ(rt::audioFormatForPath("a.mp3"), std::nullopt);
  EXPECT_EQ(rt::audioFormatForPath("dir.wav/a"), std::nullopt);
  EXPECT_EQ(rt::audioFormatForPath("a"), std::nullopt);
  EXPECT_EQ(rt::audioFormatNamed("flac"), rt::AudioFormat::Flac);
  EXPECT_EQ(rt::audioFormatNamed("mp3"), std::nullopt);
}

TEST(AudioFileTest, TwentyFourBitFilesHoldTheSamplesWithinDitherAndClipOnlyBeyondFullScale) {
  std::string dir = emptyFolder("flac");
  TestPatch patch;
  std::vector<float> expected = rt::renderToBuffer(patch, tenThousandFrames());
  for (const char* name : {"a.flac", "a.aiff"}) {
    std::string path = dir + "/" + name;
    rt::AudioFileWriter writer;
    std::string error;
    ASSERT_TRUE(writer.open(path, *rt::audioFormatForPath(path), 2, 48000, error)) << error;
    rt::RenderStats stats;
    ASSERT_TRUE(rt::renderToFile(patch, tenThousandFrames(), writer, stats, error)) << error;
    EXPECT_EQ(writer.clippedSamples(), 10u); // the ten 1.5 samples; the ramp's −1 fits
    rt::AudioData audio;
    ASSERT_TRUE(rt::readAudioFile(path, audio, error)) << error;
    EXPECT_EQ(audio.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_24);
    ASSERT_EQ(audio.samples.size(), expected.size());
    double worst = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      float want = std::clamp(expected[i], -1.0f, 8388607.0f / 8388608.0f);
      worst = std::max(worst, static_cast<double>(std::fabs(audio.samples[i] - want)));
    }
    // Rounding (½ LSB) plus triangular dither (at most 1 LSB).
    EXPECT_LE(worst, 1.5 / 8388608.0 + 1e-9) << name;
  }
  // The dither has a fixed seed: the same render gives the same file.
  rt::AudioFileWriter again;
  std::string error;
  rt::RenderStats stats;
  ASSERT_TRUE(again.open(dir + "/b.flac", rt::AudioFormat::Flac, 2, 48000, error));
  ASSERT_TRUE(rt::renderToFile(patch, tenThousandFrames(), again, stats, error));
  EXPECT_EQ(fileBytes(dir + "/a.flac"), fileBytes(dir + "/b.flac"));
}

TEST(AudioFileTest, AnExceptionOutOfTheRenderLeavesNoFileAndKeepsAnOldOne) {
  for (const char* name : {"new.wav", "new.flac", "new.ogg"}) {
    std::string dir = emptyFolder("throw");
    std::string path = dir + "/" + name;
    TestPatch patch(/*throwAtFrame=*/5000);
    rt::AudioFileWriter writer;
    std::string error;
    ASSERT_TRUE(writer.open(path, *rt::audioFormatForPath(path), 2, 48000, error)) << error;
    EXPECT_EQ(folderContents(dir).size(), 1u) << "the temporary file exists while rendering";
    rt::RenderStats stats;
    EXPECT_FALSE(rt::renderToFile(patch, tenThousandFrames(), writer, stats, error));
    EXPECT_EQ(error, "the pattern engine gave up");
    EXPECT_TRUE(folderContents(dir).empty()) << name;
  }
  std::string dir = emptyFolder("keep");
  std::ofstream(dir + "/old.wav") << "keep";
  TestPatch patch(/*throwAtFrame=*/5000);
  rt::AudioFileWriter writer;
  std::string error;
  rt::RenderStats stats;
  ASSERT_TRUE(writer.open(dir + "/old.wav", rt::AudioFormat::Wav, 2, 48000, error));
  EXPECT_FALSE(rt::renderToFile(patch, tenThousandFrames(), writer, stats, error));
  EXPECT_EQ(folderContents(dir), std::vector<std::string>{"old.wav"});
  EXPECT_EQ(fileBytes(dir + "/old.wav"), "keep");
}

// The commit swaps the new file in for an old one (RENAME_EXCHANGE) and removes the old one: the
// folder then holds the new file alone, and a hard link to the old file keeps its bytes (only
// the name was replaced). Over a directory the commit fails as a rename does, and the directory
// stays.
TEST(AudioFileTest, ACommitReplacesAnOldFileByNameAndNeverADirectory) {
  std::string dir = emptyFolder("replace");
  std::ofstream(dir + "/out.wav") << "old";
  fs::create_hard_link(dir + "/out.wav", dir + "/../replace-old-link");
  TestPatch patch;
  rt::AudioFileWriter writer;
  std::string error;
  rt::RenderStats stats;
  ASSERT_TRUE(writer.open(dir + "/out.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
  ASSERT_TRUE(rt::renderToFile(patch, tenThousandFrames(), writer, stats, error)) << error;
  EXPECT_EQ(folderContents(dir), std::vector<std::string>{"out.wav"});
  EXPECT_EQ(fs::file_size(dir + "/out.wav"), 10000u * 2 * sizeof(float) + 88);
  EXPECT_EQ(fileBytes(dir + "/../replace-old-link"), "old");
  fs::remove(dir + "/../replace-old-link");

  fs::create_directory(dir + "/folder.wav");
  std::ofstream(dir + "/folder.wav/inside") << "x";
  rt::AudioFileWriter onto;
  ASSERT_TRUE(onto.open(dir + "/folder.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
  EXPECT_FALSE(rt::renderToFile(patch, tenThousandFrames(), onto, stats, error));
  EXPECT_NE(error.find("cannot write"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_directory(dir + "/folder.wav"));
  EXPECT_EQ(fileBytes(dir + "/folder.wav/inside"), "x");
  EXPECT_EQ(folderContents(dir).size(), 2u) << "no temporary file left";
}

// A render's files are written on the writers' own threads while it goes on
// (AudioFileWriter::writeInBackground): the bytes are those of the same samples written in
// place, in one piece, whatever the format.
TEST(AudioFileTest, WritingInTheBackgroundGivesTheBytesOfWritingInPlace) {
  for (const char* name : {"a.wav", "a.flac", "a.aiff"}) {
    std::string dir = emptyFolder("background");
    const rt::AudioFormat format = *rt::audioFormatForPath(name);
    rt::RenderOptions options = tenThousandFrames();
    options.frames = 200000; // several chunks of the render (about 256 KiB each)
    TestPatch patch;
    rt::AudioFileWriter background;
    std::string error;
    rt::RenderStats stats;
    ASSERT_TRUE(background.open(dir + "/bg-" + name, format, 2, 48000, error)) << error;
    ASSERT_TRUE(rt::renderToFile(patch, options, background, stats, error)) << error;

    TestPatch again;
    const std::vector<float> samples = rt::renderToBuffer(again, options);
    rt::AudioFileWriter inPlace;
    ASSERT_TRUE(inPlace.open(dir + "/" + name, format, 2, 48000, error)) << error;
    ASSERT_TRUE(inPlace.write(samples.data(), options.frames, error)) << error;
    ASSERT_TRUE(inPlace.commit(error)) << error;
    EXPECT_EQ(fileBytes(dir + "/bg-" + name), fileBytes(dir + "/" + name)) << name;
    EXPECT_GT(fileBytes(dir + "/" + name).size(), 100000u) << name; // FLAC compresses
  }
}

// A writer in the background hands back the buffers it has written (write(std::vector&)): a
// render's chunks cycle through at most kBackgroundChunks of them, allocated once, whose old
// samples are overwritten, and the file holds every chunk as it was when handed over.
TEST(AudioFileTest, AWriterInTheBackgroundHandsItsBuffersBack) {
  std::string dir = emptyFolder("hand-back");
  rt::AudioFileWriter writer;
  std::string error;
  ASSERT_TRUE(writer.open(dir + "/a.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
  writer.writeInBackground();
  constexpr uint64_t kFrames = 4096;
  std::vector<float> chunk(2 * kFrames), expected;
  size_t emptyBuffers = 0; // those the writer made: every other one it had written
  for (int n = 0; n < 40; ++n) {
    if (chunk.empty()) ++emptyBuffers;
    chunk.resize(2 * kFrames);
    for (size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = static_cast<float>(n * chunk.size() + i) * 1e-6f;
    expected.insert(expected.end(), chunk.begin(), chunk.end());
    ASSERT_TRUE(writer.write(chunk, kFrames, error)) << error;
    EXPECT_TRUE(chunk.empty() || chunk.size() == 2 * kFrames) << chunk.size();
  }
  ASSERT_TRUE(writer.commit(error)) << error;
  EXPECT_LE(emptyBuffers, rt::AudioFileWriter::kBackgroundChunks);
  rt::AudioData data;
  ASSERT_TRUE(rt::readAudioFile(dir + "/a.wav", data, error)) << error;
  ASSERT_EQ(data.samples.size(), expected.size());
  EXPECT_EQ(std::memcmp(data.samples.data(), expected.data(), expected.size() * sizeof(float)), 0);
}

// A write that fails on the writer's thread (here: beyond the process's file size limit) fails
// the render with the file's name, and leaves no file and the old one as it was.
TEST(AudioFileTest, AFailedWriteInTheBackgroundLeavesNoFileAndKeepsAnOldOne) {
  std::string dir = emptyFolder("background-fails");
  std::ofstream(dir + "/old.wav") << "keep";
  struct rlimit saved {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  void (*savedSignal)(int) = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of the signal
  struct rlimit small = saved;
  small.rlim_cur = 64 << 10;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  TestPatch patch;
  rt::RenderOptions options = tenThousandFrames();
  options.frames = 200000; // 1.6 MB
  rt::AudioFileWriter writer;
  std::string error;
  rt::RenderStats stats;
  const bool opened = writer.open(dir + "/old.wav", rt::AudioFormat::Wav, 2, 48000, error);
  const bool rendered = opened && rt::renderToFile(patch, options, writer, stats, error);
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, savedSignal);
  ASSERT_TRUE(opened) << error;
  EXPECT_FALSE(rendered);
  EXPECT_NE(error.find("cannot write " + dir + "/old.wav"), std::string::npos) << error;
  EXPECT_EQ(folderContents(dir), std::vector<std::string>{"old.wav"});
  EXPECT_EQ(fileBytes(dir + "/old.wav"), "keep");
}

TEST(AudioFileTest, AWriterDestroyedBeforeCommitLeavesNoFile) {
  std::string dir = emptyFolder("abandon");
  {
    rt::AudioFileWriter writer;
    std::string error;
    ASSERT_TRUE(writer.open(dir + "/a.flac", rt::AudioFormat::Flac, 2, 48000, error));
    float block[8] = {};
    ASSERT_TRUE(writer.write(block, 4, error));
  }
  EXPECT_TRUE(folderContents(dir).empty());
}

TEST(AudioFileTest, TheInterpreterNamesTheNodeThatFirstProducedANonFiniteValue) {
  // The product overflows once the sine is past 0.567; what adds to it only passes the
  // infinity on.
  auto c = compileText("out: sine 0.5 * 3e38 * 2 + 1\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  const ir::Module& module = *c->module;
  rt::RenderOptions options;
  options.frames = 24000;
  interp::InterpretedPatch patch(module);
  rt::RenderStats stats;
  rt::renderToBuffer(patch, options, &stats);
  ASSERT_TRUE(stats.firstNonFinite);
  std::optional<rt::NonFiniteOrigin> origin = patch.nonFiniteOrigin();
  ASSERT_TRUE(origin);
  const ir::Instr& culprit = module[origin->instr];
  ASSERT_EQ(culprit.op, ir::Opcode::Node);
  EXPECT_STREQ(culprit.node->name, "mul");
  EXPECT_TRUE(std::isinf(origin->value));
  // 3e38 · sin(πt) · 2 passes the float range where sin(πt) = FLT_MAX / 6e38.
  double onset = std::asin(3.4028235e38 / 6e38) / M_PI * 48000.0;
  EXPECT_NEAR(static_cast<double>(origin->frame), onset, 2);
  // Its operands were finite: `sine 0.5 * 3e38`, computed at run time, and 2.
  ASSERT_EQ(culprit.operands.size(), 2u);
  EXPECT_EQ(module[culprit.operands[0]].op, ir::Opcode::Node);
  // The replay that locates it for compiled code stops at the first non-finite output sample
  // and finds the same node.
  std::optional<rt::NonFiniteOrigin> replayed =
      interp::locateNonFinite(module, options, stats.firstNonFinite->frame + 1);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->instr, origin->instr);
  EXPECT_EQ(replayed->frame, origin->frame);
  // Nothing non-finite, nothing named.
  auto fine = compileText("out: sine 440\n");
  interp::InterpretedPatch finePatch(*fine->module);
  rt::renderToBuffer(finePatch, options);
  EXPECT_FALSE(finePatch.nonFiniteOrigin());
}

} // namespace
} // namespace phonon::test
