// `tap` (LANGUAGE §7.9): a passthrough that writes the first `seconds` of its input to a 32-bit
// float WAV file after a render, in every engine: the JIT at -O0 and -O3, the interpreter and
// an object file. Measured sample by sample: the main output is the patch's without the tap,
// the file is the signal at the tap's place, as long as it says.
#include "AudioAnalysis.h"

#include "phonon/rt/Patch.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace phonon::test {
namespace {

rt::AudioData read(const std::string& path) {
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(path, audio, error)) << error;
  return audio;
}

/// A fresh folder under the test's temporary directory.
std::string freshDir(const std::string& name) {
  std::string dir = tempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// How a patch is run: the JIT at an -O level, the interpreter, or an object file.
struct Engine {
  const char* name;
  const char* renderOptions;
  bool objectFile;
};
const Engine kEngines[] = {{"jit-O0", "-O0", false},
                           {"jit-O3", "-O3", false},
                           {"interp", "--engine interp", false},
                           {"object", "", true}};

/// Renders `text` (its patch file in `dir`) to `dir/main.wav` for `seconds`, from `dir` as the
/// current directory, so that a tap's relative path lands there.
CommandResult renderIn(const std::string& dir, const std::string& text, const Engine& engine,
                       const std::string& seconds = "1") {
  std::string patch = dir + "/patch.ph";
  std::filesystem::remove(patch);
  std::ofstream(patch) << text;
  std::string input = patch;
  if (engine.objectFile) {
    input = dir + "/patch.o";
    CommandResult c = runCommand(phononcBinary() + " '" + patch + "' -o '" + input + "'");
    EXPECT_EQ(c.exitCode, 0) << c.output;
  }
  return runCommand("cd '" + dir + "' && " + phononBinary() + " render '" + input +
                    "' -o main.wav --duration " + seconds + " " + engine.renderOptions);
}

TEST(TapTest, PassesItsInputThroughAndWritesItBitForBitInEveryEngine) {
  const std::string withTap = "out: sine 440 # tap \"probe.wav\" 0.5 # lpf 2000 * 0.5\n";
  const std::string without = "out: sine 440 # lpf 2000 * 0.5\n";
  const std::string atTheTap = "out: sine 440\n"; // the signal where the tap is
  for (const Engine& engine : kEngines) {
    SCOPED_TRACE(engine.name);
    std::string dir = freshDir(std::string("pass-") + engine.name);
    CommandResult r = renderIn(dir, withTap, engine);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("wrote tap probe.wav (0.500 s)"), std::string::npos) << r.output;
    rt::AudioData main = read(dir + "/main.wav"), tap = read(dir + "/probe.wav");
    ASSERT_EQ(main.frames(), 48000u);
    ASSERT_GT(rms(main.samples), 0.1) << "a silent render proves nothing";

    std::string plainDir = freshDir(std::string("plain-") + engine.name);
    ASSERT_EQ(renderIn(plainDir, without, engine).exitCode, 0);
    EXPECT_EQ(maxDifference(main.samples, read(plainDir + "/main.wav").samples), 0.0)
        << "the tap changed the output";
    EXPECT_FALSE(std::filesystem::exists(plainDir + "/probe.wav"));

    // The file: 32-bit float WAV, mono, exactly 0.5 s, the sine at the tap bit for bit.
    EXPECT_EQ(tap.channels, 1u);
    EXPECT_EQ(tap.sampleRate, 48000u);
    EXPECT_EQ(tap.format & 0xffff, 0x0006) << "SF_FORMAT_FLOAT";
    ASSERT_EQ(tap.frames(), 24000u);
    std::string signalDir = freshDir(std::string("signal-") + engine.name);
    ASSERT_EQ(renderIn(signalDir, atTheTap, engine).exitCode, 0);
    std::vector<float> signal = channel(read(signalDir + "/main.wav"), 0);
    EXPECT_EQ(maxDifference(tap.samples, slice(signal, 0, 24000)), 0.0);
    EXPECT_NEAR(rms(tap.samples), 1.0 / std::sqrt(2.0), 1e-3);
  }
}

TEST(TapTest, TheEnginesAgreeOnATappedPatch) {
  // Mono and stereo taps, in blocks of 37 and on two threads too; the files go to the test's
  // folder (each render rewrites them).
  const std::string dir = tempDir();
  expectEnginesAgree("tap", "out: saw 110 # tap \"" + dir +
                                "/agree.wav\" 0.2 # lpf 900 * 0.3 + "
                                "(stereo (sine 220) (tri 330) # tap \"" +
                                dir + "/agree2.wav\" 0.1) * 0.2\n");
  EXPECT_EQ(read(dir + "/agree.wav").frames(), 9600u);
  EXPECT_EQ(read(dir + "/agree2.wav").channels, 2u);
}

TEST(TapTest, AStereoInputIsOneFileOfTwoChannels) {
  // pan makes the channels differ: each must be its own channel of the file, in order.
  const std::string withTap = "out: saw 110 # pan 0.6 # tap \"both.wav\" 0.25 * 0.5\n";
  const std::string atTheTap = "out: saw 110 # pan 0.6\n";
  for (const Engine& engine : kEngines) {
    SCOPED_TRACE(engine.name);
    std::string dir = freshDir(std::string("stereo-") + engine.name);
    CommandResult r = renderIn(dir, withTap, engine);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData tap = read(dir + "/both.wav");
    ASSERT_EQ(tap.channels, 2u);
    ASSERT_EQ(tap.frames(), 12000u);
    std::string signalDir = freshDir(std::string("stereo-signal-") + engine.name);
    ASSERT_EQ(renderIn(signalDir, atTheTap, engine).exitCode, 0);
    rt::AudioData signal = read(signalDir + "/main.wav");
    for (unsigned c = 0; c < 2; ++c)
      EXPECT_EQ(maxDifference(channel(tap, c), slice(channel(signal, c), 0, 12000)), 0.0)
          << "channel " << c;
    EXPECT_GT(rms(channel(tap, 1)) - rms(channel(tap, 0)), 0.05) << "pan 0.6: left is quieter";
    rt::AudioData main = read(dir + "/main.wav");
    EXPECT_EQ(main.samples[2 * 100 + 1], 0.5f * signal.samples[2 * 100 + 1]);
  }
}

TEST(TapTest, ARenderShorterThanTheTapWritesWhatWasRendered) {
  // The file holds the frames rendered, not the full `seconds` padded with silence.
  std::string dir = freshDir("short");
  CommandResult r = renderIn(dir, "out: tri 330 # tap \"long.wav\" 5\n", kEngines[0], "0.75");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("wrote tap long.wav (0.750 s)"), std::string::npos) << r.output;
  rt::AudioData tap = read(dir + "/long.wav");
  ASSERT_EQ(tap.frames(), 36000u);
  EXPECT_EQ(maxDifference(tap.samples, channel(read(dir + "/main.wav"), 0)), 0.0);
}

TEST(TapTest, ATapWhoseValueGoesNowhereStillWritesItsFile) {
  // Its value reaches no output, but the file is its effect: dead-code elimination keeps it.
  for (const Engine& engine : {kEngines[1], kEngines[2]}) {
    SCOPED_TRACE(engine.name);
    std::string dir = freshDir(std::string("dead-") + engine.name);
    CommandResult r =
        renderIn(dir, "~probe: noise # tap \"side.wav\" 0.1\nout: sine 220 * 0.2\n", engine);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData tap = read(dir + "/side.wav");
    ASSERT_EQ(tap.frames(), 4800u);
    EXPECT_GT(rms(tap.samples), 0.3) << "white noise in [−1, 1)";
  }
}

TEST(TapTest, ARenderThatFailsWritesNoTapFile) {
  // A tap's file that cannot be written fails the render before it starts, and takes the
  // main file with it.
  std::string dir = freshDir("fails");
  CommandResult r = renderIn(dir, "out: sine 440 # tap \"nowhere/x.wav\" 1\n", kEngines[0]);
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("error: `tap`: "), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/main.wav"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/nowhere"));
  // A tap that would overwrite the render's own file is refused, and writes neither.
  r = renderIn(dir, "out: sine 440 # tap \"main.wav\" 1\n", kEngines[0]);
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("`tap` writes \"main.wav\", which the render writes too"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/main.wav"));
}

/// A patch with one tap whose render stops on an exception after `failAt` blocks, as a patch
/// whose arena cannot be had would: the tap's buffer is filled, but no file may appear.
class FailingTapPatch final : public rt::Patch {
public:
  FailingTapPatch(std::string path, int failAt) : failAt_(failAt) {
    sounds_ = rt::PatchSounds({}, {pattern::FileSlot{std::move(path), 1, 0.5f}});
  }
  unsigned channels() const override { return 2; }
  Rational cps() const override { return Rational(1); }
  Rational startCycle() const override { return Rational(0); }
  void init(float sampleRate, uint32_t maxFrames) override {
    sounds_.init(sampleRate, maxFrames, cps(), startCycle());
    blocks_ = 0;
  }
  void process(const phonon_block_context& ctx) override {
    if (blocks_++ == failAt_) throw std::runtime_error("the patch failed");
    for (uint32_t c = 0; c < ctx.num_channels; ++c)
      for (uint32_t i = 0; i < ctx.frames; ++i) ctx.outputs[c][i] = 0.25f;
  }

private:
  int failAt_;
  int blocks_ = 0;
};

TEST(TapTest, AnExceptionDuringTheRenderLeavesNoTapFile) {
  std::string dir = freshDir("exception");
  rt::RenderOptions options;
  options.frames = 48000;
  for (int failAt : {3, -1}) {
    SCOPED_TRACE(failAt);
    FailingTapPatch patch(dir + "/tap.wav", failAt);
    rt::AudioFileWriter mix;
    std::string error;
    ASSERT_TRUE(mix.open(dir + "/mix.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
    rt::RenderTargets targets;
    targets.mix = &mix;
    rt::RenderStats stats;
    bool ok = rt::renderToFiles(patch, options, targets, stats, error);
    EXPECT_EQ(ok, failAt < 0) << error;
    EXPECT_EQ(std::filesystem::exists(dir + "/tap.wav"), ok);
    EXPECT_EQ(std::filesystem::exists(dir + "/mix.wav"), ok);
    if (!ok) {
      EXPECT_EQ(error, "the patch failed");
      continue;
    }
    // The node never wrote its buffer here: what the host had, zeros, 0.5 s of them.
    ASSERT_EQ(stats.taps.size(), 1u);
    EXPECT_EQ(stats.taps[0].frames, 24000u);
    rt::AudioData tap = read(dir + "/tap.wav");
    EXPECT_EQ(tap.frames(), 24000u);
    EXPECT_EQ(peak(tap.samples), 0.0);
    for (const char* file : {"tap.wav", "mix.wav"}) std::filesystem::remove(dir + "/" + file);
  }
  // No temporary file is left behind either.
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

} // namespace
} // namespace phonon::test
