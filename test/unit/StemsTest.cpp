// Stems (LANGUAGE §2.4, §9.3): each output alone beside the main mix. Both engines write the
// same stems bit for bit, only when the host gives buffers for them, and a render writes all of
// its files or none.
#include "TestSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace phonon::test {
namespace {

namespace fs = std::filesystem;

/// The main mix and the stems of a render, each interleaved.
struct Rendered {
  std::vector<float> mix, stems;
};

Rendered renderWithStems(rt::Patch& patch, uint32_t block, unsigned threads = 1) {
  rt::RenderOptions options;
  options.frames = 12000;
  options.blockSize = block;
  options.threads = threads;
  Rendered r;
  rt::render(
      patch, options,
      [&](const float* data, uint32_t frames) {
        r.mix.insert(r.mix.end(), data, data + 2 * frames);
      },
      [&](const float* data, uint32_t frames) {
        r.stems.insert(r.stems.end(), data, data + 2 * patch.stemNames().size() * frames);
      });
  return r;
}

bool bitIdentical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// Channel `c` of `channels` interleaved.
std::vector<float> channelOf(const std::vector<float>& x, unsigned channels, unsigned c) {
  std::vector<float> out;
  for (size_t i = c; i < x.size(); i += channels) out.push_back(x[i]);
  return out;
}

const char* const kStemPatches[] = {
    // A mono and a stereo stem, mixed by sqrt.
    "outmix: sqrt\nout1: sine 220 * 0.3\nout2: saw 110 # lpf 800 * 0.2 # pan 0.4\n",
    // `out` and numbered outputs, one muted, mixed through tanh, a shared bus.
    "outmix: tanh\n~lfo: sine 0.5 * 300 + 500\nout: saw 55 # lpf ~lfo 2 * 0.4\n"
    "out3: sine ~lfo * 0.2\nout7: noise * 0.1\nhush3\n",
    // A stereo feedback bus in one stem, a bank of sines in another.
    "~s: stereo (saw 110) (saw 220) * 0.2 + (~s # lpf 900 1) * 0.5\nout1: ~s\n"
    "out2: stack [sine 100, sine 110, sine 120, sine 130, sine 140, sine 150, sine 160, "
    "sine 170, sine 180] * 0.05\n",
};

class StemsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(StemsTest, TheJitWritesTheInterpretersStemsBitForBit) {
  interp::InterpretedPatch reference(compileOptimised(GetParam(), 0));
  Rendered expected = renderWithStems(reference, 512);
  ASSERT_FALSE(expected.stems.empty());
  for (int level = 0; level <= 3; ++level)
    for (uint32_t block : {64u, 512u}) {
      std::string error;
      auto jit = codegen::compileJit(compileOptimised(GetParam(), level), {level}, error);
      ASSERT_TRUE(jit) << error;
      EXPECT_EQ(jit->stemNames(), reference.stemNames());
      Rendered got = renderWithStems(*jit, block, level == 3 ? 4 : 1);
      EXPECT_TRUE(bitIdentical(got.stems, expected.stems)) << "-O" << level << " block " << block;
      EXPECT_TRUE(bitIdentical(got.mix, expected.mix)) << "-O" << level << " block " << block;
    }
}

// A host that renders the main mix only (`phonon render` without --stems or --multichannel)
// compiles without the stems: the kernels once, the same main mix, and no stem to ask for.
TEST_P(StemsTest, CodeWithoutStemsWritesTheSameMainMix) {
  for (int level : {0, 2}) {
    ir::Module m = compileOptimised(GetParam(), level);
    std::string error;
    auto withStems = codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level}, error);
    ASSERT_TRUE(withStems) << error;
    auto mixOnly =
        codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level, .stems = false}, error);
    ASSERT_TRUE(mixOnly) << error;
    EXPECT_TRUE(mixOnly->stemNames().empty());
    rt::RenderOptions options;
    options.frames = 12000;
    options.blockSize = 256;
    EXPECT_TRUE(
        bitIdentical(rt::renderToBuffer(*mixOnly, options), renderWithStems(*withStems, 256).mix))
        << "-O" << level;
  }
}

INSTANTIATE_TEST_SUITE_P(Patches, StemsTest, ::testing::ValuesIn(kStemPatches));

TEST(StemsTest, EachStemIsItsOutputAloneAndAMutedOneIsSilent) {
  const char* text = "outmix: sqrt\nout1: sine 220 * 0.3\nout2: saw 110 * 0.2 # pan 0.4\n"
                     "out5: tri 330 * 0.2\nhush5\n";
  for (bool jit : {false, true}) {
    std::string error;
    std::unique_ptr<rt::Patch> patch =
        jit ? codegen::compileJit(compileOptimised(text, 2), {2}, error)
            : std::make_unique<interp::InterpretedPatch>(compileOptimised(text, 2));
    ASSERT_TRUE(patch) << error;
    ASSERT_EQ(patch->stemNames(), (std::vector<std::string>{"out1", "out2", "out5"}));
    Rendered r = renderWithStems(*patch, 256);
    for (const auto& [stem, alone] : {std::pair{0u, "out: sine 220 * 0.3\n"},
                                      std::pair{1u, "out: saw 110 * 0.2 # pan 0.4\n"}}) {
      interp::InterpretedPatch single(compileOptimised(alone, 2));
      Rendered expected = renderWithStems(single, 256);
      for (unsigned c = 0; c < 2; ++c)
        EXPECT_TRUE(
            bitIdentical(channelOf(r.stems, 6, 2 * stem + c), channelOf(expected.mix, 2, c)))
            << "stem " << stem << " channel " << c << (jit ? " (jit)" : " (interp)");
    }
    for (unsigned c = 4; c < 6; ++c)
      for (float x : channelOf(r.stems, 6, c)) ASSERT_EQ(x, 0.0f) << "the muted out5";
    // The mix is (out1 + out2) / √2: out5 is muted, so k = 2.
    for (size_t i = 0; i < r.mix.size(); ++i) {
      size_t frame = i / 2, c = i % 2;
      double sum = double(r.stems[frame * 6 + c]) + double(r.stems[frame * 6 + 2 + c]);
      ASSERT_NEAR(r.mix[i], sum / std::sqrt(2.0), 1e-6) << "sample " << i;
    }
  }
}

/// Records whether the host gave stem buffers.
class RecordingPatch final : public rt::Patch {
public:
  explicit RecordingPatch(std::unique_ptr<rt::Patch> inner) : inner_(std::move(inner)) {}
  unsigned channels() const override { return inner_->channels(); }
  std::vector<std::string> stemNames() const override { return inner_->stemNames(); }
  Rational cps() const override { return inner_->cps(); }
  Rational startCycle() const override { return inner_->startCycle(); }
  void init(float rate, uint32_t frames) override { inner_->init(rate, frames); }
  void process(const phonon_block_context& ctx) override {
    sawStemBuffers = sawStemBuffers || ctx.stem_outputs;
    inner_->process(ctx);
  }
  bool sawStemBuffers = false;

private:
  std::unique_ptr<rt::Patch> inner_;
};

TEST(StemsTest, AHostThatWantsTheMixOnlyGetsTheSameMixWithoutStemBuffers) {
  const char* text = "outmix: gain\nout1: sine 220 * 0.3\nout2: saw 110 # lpf 800 * 0.2\n";
  std::string error;
  RecordingPatch mixOnly(codegen::compileJit(compileOptimised(text, 2), {2}, error));
  rt::RenderOptions options;
  options.frames = 6000;
  std::vector<float> mix = rt::renderToBuffer(mixOnly, options);
  EXPECT_FALSE(mixOnly.sawStemBuffers);
  RecordingPatch withStems(codegen::compileJit(compileOptimised(text, 2), {2}, error));
  Rendered r = renderWithStems(withStems, 512);
  EXPECT_TRUE(withStems.sawStemBuffers);
  r.mix.resize(mix.size());
  EXPECT_TRUE(bitIdentical(mix, r.mix));
}

/// A fresh, empty folder per test.
std::string emptyFolder(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("phonon-stems-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::vector<std::string> folderContents(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

/// Two stems: a ramp and a sine; stem 1 turns NaN in one block, and the patch throws at
/// `throwAt` if asked to.
class TwoStemPatch final : public rt::Patch {
public:
  explicit TwoStemPatch(uint64_t throwAt = UINT64_MAX) : throwAt_(throwAt) {}
  unsigned channels() const override { return 2; }
  std::vector<std::string> stemNames() const override { return {"out1", "out2"}; }
  Rational cps() const override { return Rational(1, 2); }
  Rational startCycle() const override { return Rational(0); }
  void init(float, uint32_t) override {}
  void process(const phonon_block_context& ctx) override {
    if (ctx.frame_position + ctx.frames > throwAt_) throw std::runtime_error("stopped");
    for (uint32_t i = 0; i < ctx.frames; ++i) {
      double t = static_cast<double>(ctx.frame_position + i);
      float a = static_cast<float>(std::fmod(t / 1000.0, 1.0) * 0.5);
      float b = static_cast<float>(0.25 * std::sin(t * 0.01));
      if (ctx.frame_position == 1024) b = NAN; // one block of stem 1
      for (unsigned c = 0; c < 2; ++c) ctx.outputs[c][i] = a + b;
      if (ctx.stem_outputs)
        for (unsigned c = 0; c < 2; ++c) {
          ctx.stem_outputs[c][i] = a;
          ctx.stem_outputs[2 + c][i] = b;
        }
    }
  }

private:
  uint64_t throwAt_;
};

struct Writers {
  rt::AudioFileWriter mix, out1, out2;
  rt::RenderTargets targets;
  Writers(const std::string& dir) {
    std::string error;
    EXPECT_TRUE(mix.open(dir + "/mix.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
    EXPECT_TRUE(out1.open(dir + "/mix.out1.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
    EXPECT_TRUE(out2.open(dir + "/mix.out2.wav", rt::AudioFormat::Wav, 2, 48000, error)) << error;
    targets.mix = &mix;
    targets.stems = {&out1, &out2};
  }
};

rt::RenderOptions blocksOf256() {
  rt::RenderOptions options;
  options.frames = 4096;
  options.blockSize = 256;
  return options;
}

TEST(StemsTest, ARenderWritesEveryFileAndMutesANonFiniteStemBlockAlone) {
  std::string dir = emptyFolder("all");
  TwoStemPatch patch;
  Writers w(dir);
  rt::RenderStats stats;
  std::string error;
  ASSERT_TRUE(rt::renderToFiles(patch, blocksOf256(), w.targets, stats, error)) << error;
  EXPECT_EQ(folderContents(dir),
            (std::vector<std::string>{"mix.out1.wav", "mix.out2.wav", "mix.wav"}));
  EXPECT_EQ(stats.mutedBlocks, 1u);
  EXPECT_EQ(stats.mutedStemBlocks, 1u);
  rt::AudioData out1, out2;
  ASSERT_TRUE(rt::readAudioFile(dir + "/mix.out1.wav", out1, error)) << error;
  ASSERT_TRUE(rt::readAudioFile(dir + "/mix.out2.wav", out2, error)) << error;
  ASSERT_EQ(out1.frames(), 4096u);
  ASSERT_EQ(out2.frames(), 4096u);
  // Stem out2's block at 1024 is silent; out1 plays on through it.
  for (uint64_t f = 1024; f < 1280; ++f) {
    EXPECT_EQ(out2.samples[2 * f], 0.0f);
    EXPECT_EQ(out1.samples[2 * f], static_cast<float>(std::fmod(f / 1000.0, 1.0) * 0.5));
  }
  EXPECT_NE(out2.samples[2 * 1000], 0.0f);
}

TEST(StemsTest, AFailedRenderLeavesNoneOfItsFiles) {
  {
    // The patch throws halfway.
    std::string dir = emptyFolder("throws");
    TwoStemPatch patch(2000);
    Writers w(dir);
    rt::RenderStats stats;
    std::string error;
    EXPECT_FALSE(rt::renderToFiles(patch, blocksOf256(), w.targets, stats, error));
    EXPECT_EQ(error, "stopped");
    EXPECT_TRUE(folderContents(dir).empty());
  }
  {
    // The last stem cannot be renamed into place (a folder appeared there): the files already
    // renamed go too.
    std::string dir = emptyFolder("rename");
    TwoStemPatch patch;
    Writers w(dir);
    fs::create_directories(dir + "/mix.out2.wav/inside");
    rt::RenderStats stats;
    std::string error;
    EXPECT_FALSE(rt::renderToFiles(patch, blocksOf256(), w.targets, stats, error));
    EXPECT_NE(error.find("mix.out2.wav"), std::string::npos) << error;
    EXPECT_EQ(folderContents(dir), (std::vector<std::string>{"mix.out2.wav"}));
  }
}

} // namespace
} // namespace phonon::test
