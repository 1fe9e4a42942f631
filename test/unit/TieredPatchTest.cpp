// `phonon render`'s small patches start on the interpreter and go on in the JIT's code
// (tools/TieredPatch.h): wherever the hand-over falls, every sample is the JIT's own.
#include "TestSupport.h"

#include "TieredPatch.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <future>
#include <string>

#include <unistd.h>

namespace phonon::test {
namespace {

// State of every kind the hand-over carries: oscillator phases, filter memories, a feedback
// cell, delay lines (pointers into the arena), a SIMD bank's lanes (words a lane apart),
// held pattern values, per-channel state of stereo values.
const char* const kPatches[] = {
    "out: sine 440 * 0.2\n",
    "~lfo: sine 0.5 * 0.5 + 0.5\nout: saw (~lfo * 400 + 200) # lpf 900 0.7 * 0.2\n",
    "~y: saw 110 * 0.1 + (~y # lpf 600 0.5) * 0.6\nout: ~y\n",
    "out: saw 55 # delay 0.01 0.9 0.5 # comb 220 0.6 * 0.3\n",
    "out: stack [sine 100, sine 150, sine 200, sine 250, sine 300, sine 350, sine 400, "
    "sine 450, sine 500, sine 550] * 0.05\n",
    "out: sine \"<200 300>*4\" * 0.2 + saw \"100 [150 175]\" * 0.1\n",
    "out: pan (noise * 0.1 # hpf 3000) (sine 0.5) + pan2 (tri 330 * 0.2) (-0.3)\n",
};

tools::TieredPatch::Compile jitAt(int level) {
  return [level](const ir::Module& m, codegen::CodegenTimes& times, std::string& error) {
    return codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level, .times = &times},
                               error);
  };
}

/// A render at 48 kHz in blocks of `block` samples, `frames` long.
rt::RenderOptions renderOptions(uint32_t block, uint64_t frames) {
  rt::RenderOptions options;
  options.sampleRate = 48000;
  options.blockSize = block;
  options.frames = frames;
  return options;
}

/// `patch`'s samples (two channels interleaved) as rt::render hands them over, chunk by chunk.
std::vector<float> renderedChunks(rt::Patch& patch, const rt::RenderOptions& options) {
  std::vector<float> samples;
  rt::render(patch, options, [&](const float* chunk, uint32_t frames) {
    samples.insert(samples.end(), chunk, chunk + 2 * frames);
  });
  return samples;
}

/// What the JIT's -O2 code alone renders of `m` (renderedChunks); nothing when it cannot compile.
std::vector<float> jitChunks(const ir::Module& m, const rt::RenderOptions& options) {
  std::string error;
  std::unique_ptr<rt::Patch> jit = codegen::compileJit(m, codegen::CodegenOptions{}, error);
  EXPECT_TRUE(jit) << error;
  return jit ? renderedChunks(*jit, options) : std::vector<float>{};
}

size_t differingSamples(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return std::max(a.size(), b.size());
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
  return n;
}

TEST(TieredPatchTest, SmallPatchesStartOnTheInterpreter) {
  EXPECT_TRUE(tools::TieredPatch::suits(compileOptimised(kPatches[1])));
  // W5's shape (16 chains of four nodes) waits for its code; so do sound patterns and files.
  std::string chains = "out: stack [";
  for (int k = 0; k < 16; ++k)
    chains += std::string(k ? ", " : "") + "(saw " + std::to_string(110 + 7 * k) +
              " # bq_lp 800 0.7071 # delay 0.25 0.5 0.5 # tanh)";
  EXPECT_FALSE(tools::TieredPatch::suits(compileOptimised(chains + "] * 0.05\n")));
  EXPECT_FALSE(tools::TieredPatch::suits(compileOptimised("out: s \"bd sn\"\n")));
  EXPECT_FALSE(tools::TieredPatch::suits(compileOptimised("out: sine 440 # tap \"x.wav\" 1\n")));
}

// A render of known length is compiled only if the interpreter would not finish it soon
// (TieredPatch::kCompileAfterMs, measured over kProbeMs of its render): a second of W1's sine,
// by blocks well under a millisecond, never; an hour of it, at once.
TEST(TieredPatchTest, OnlyARenderTheInterpreterWouldTakeLongOverIsCompiled) {
  const ir::Module sine = compileOptimised(kPatches[0]);
  std::atomic<int> compiles{0};
  auto counted = [&compiles](const ir::Module& m, codegen::CodegenTimes& times,
                             std::string& error) {
    ++compiles;
    return codegen::compileJit(m, codegen::CodegenOptions{.times = &times}, error);
  };
  {
    tools::TieredPatch tiered(sine, counted, 0, 48000);
    rt::renderToBuffer(tiered, renderOptions(512, 48000));
    EXPECT_FALSE(tiered.compiling());
    EXPECT_FALSE(tiered.handOverFrame());
  }
  EXPECT_EQ(compiles.load(), 0);
  {
    tools::TieredPatch tiered(sine, counted, 0, uint64_t{48000} * 3600);
    // Twenty seconds, a few milliseconds by blocks: the probe's millisecond runs, and says the
    // hour would take far longer.
    rt::renderToBuffer(tiered, renderOptions(512, 20 * 48000));
    EXPECT_TRUE(tiered.waitForCompiled()) << tiered.compileError();
  }
  EXPECT_EQ(compiles.load(), 1);
}

// The interpreter renders on one of the host's cores while the JIT compiles on the others: on
// two, one thread and one module, not the JIT cache's module per kernel on both cores, which
// took the interpreter's core and brought the code later than `--engine jit` (a supersaw
// from a cold cache: 0.15–0.19 s against 0.12 s); on one core, no interpreter first at all.
TEST(TieredPatchTest, TheCompileLeavesTheInterpreterACore) {
  const ir::Module small = compileOptimised(kPatches[1]);
  EXPECT_FALSE(tools::TieredPatch::suits(small, 1));
  EXPECT_TRUE(tools::TieredPatch::suits(small, 2));
  EXPECT_EQ(tools::TieredPatch::compileOptions(2, false, 1).threads, 0u);
  const codegen::CodegenOptions twoCores = tools::TieredPatch::compileOptions(2, false, 2);
  EXPECT_EQ(twoCores.threads, 1u);
  EXPECT_EQ(tools::TieredPatch::compileOptions(2, false, 8).threads, 7u);

  // With the cache on (a fresh folder each): alone, and as compiled beside the interpreter on
  // two cores.
  const ir::Module m = compileOptimised(kPatches[6]); // several kernels
  const std::string folder =
      (std::filesystem::temp_directory_path() / ("phonon-tiered-test-" + std::to_string(getpid())))
          .string();
  auto compileInFreshCache = [&](codegen::CodegenOptions options, codegen::CodegenTimes& times) {
    std::filesystem::remove_all(folder);
    codegen::JitCacheSettings settings;
    settings.directory = folder;
    codegen::configureJitCache(settings);
    options.times = &times;
    std::string error;
    std::unique_ptr<rt::Patch> patch = codegen::compileJit(m, options, error);
    EXPECT_TRUE(patch) << error;
    return patch;
  };
  codegen::CodegenTimes alone, beside;
  std::unique_ptr<rt::Patch> jit =
      compileInFreshCache(codegen::CodegenOptions{.optLevel = 2, .stems = false}, alone);
  std::unique_ptr<rt::Patch> tiered = compileInFreshCache(twoCores, beside);
  codegen::configureJitCache(codegen::jitCacheSettingsFromEnvironment());
  std::filesystem::remove_all(folder);
  ASSERT_TRUE(jit && tiered);
  EXPECT_EQ(beside.modules, 1u);
  EXPECT_EQ(beside.threads, 1u);
  EXPECT_GT(alone.modules, 2u); // the cache's module per kernel
  rt::RenderOptions render;
  render.frames = 12000;
  EXPECT_EQ(differingSamples(rt::renderToBuffer(*tiered, render), rt::renderToBuffer(*jit, render)),
            0u);
}

TEST(TieredPatchTest, TheJitTakesOverAtABlockWithTheSameSamples) {
  const rt::RenderOptions options = renderOptions(256, 24000);
  for (const char* text : kPatches)
    for (int level : {0, 2}) {
      ir::Module m = compileOptimised(text, level);
      std::string error;
      std::unique_ptr<rt::Patch> jit =
          codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level}, error);
      ASSERT_TRUE(jit) << error;
      const std::vector<float> expected = rt::renderToBuffer(*jit, options);
      // 0: the compiled code from the first block; else the interpreter's blocks before.
      for (uint64_t from : {0u, 1000u, 9000u}) {
        tools::TieredPatch tiered(m, jitAt(level), from);
        ASSERT_TRUE(tiered.waitForCompiled()) << tiered.compileError();
        EXPECT_EQ(differingSamples(rt::renderToBuffer(tiered, options), expected), 0u)
            << "-O" << level << ", from " << from << ":\n"
            << text;
        ASSERT_TRUE(tiered.handOverFrame()) << text;
        EXPECT_EQ(*tiered.handOverFrame(), (from + 255) / 256 * 256);
      }
    }
}

// The compiled code arrives while the render runs (it is made ready on the compiling thread):
// the compile waits until the render has handed over its first chunk of blocks, all the
// interpreter's, however fast the JIT (or its cache) would be.
TEST(TieredPatchTest, CodeThatArrivesDuringTheRenderTakesOver) {
  const rt::RenderOptions options = renderOptions(128, 96000);
  for (const char* text : {kPatches[1], kPatches[2], kPatches[3]}) {
    ir::Module m = compileOptimised(text);
    const std::vector<float> expected = jitChunks(m, options);
    ASSERT_FALSE(expected.empty()) << text;
    std::vector<float> got;
    std::promise<void> firstChunk;
    tools::TieredPatch tiered(
        m, [&, compile = jitAt(2), started = firstChunk.get_future().share()](
               const ir::Module& module, codegen::CodegenTimes& times, std::string& why) {
          started.wait();
          return compile(module, times, why);
        });
    rt::render(tiered, options, [&](const float* samples, uint32_t frames) {
      const bool first = got.empty();
      got.insert(got.end(), samples, samples + 2 * frames);
      if (first) {
        firstChunk.set_value();
        EXPECT_TRUE(tiered.waitForCompiled());
      }
    });
    ASSERT_TRUE(tiered.handOverFrame()) << text;
    EXPECT_GT(*tiered.handOverFrame(), 0u);
    EXPECT_LT(*tiered.handOverFrame(), options.frames);
    EXPECT_EQ(differingSamples(got, expected), 0u) << text;
  }
}

codegen::CodegenOptions baselineAt(int level) {
  return codegen::CodegenOptions{.optLevel = level, .baseline = true};
}

// The JIT's baseline code calls the process's native node functions where the optimised code
// inlines their bitcode: the same samples, at every level, for every kind of state and for the
// SIMD banks' own calls (a bank of sines, saws' edge and smooth ticks, delay lines at one ring
// position).
TEST(TieredPatchTest, TheBaselineCodeComputesTheOptimisedCodesSamples) {
  std::vector<std::string> patches(std::begin(kPatches), std::end(kPatches));
  std::string saws = "out: stack [", delays = "out: stack [";
  for (int k = 0; k < 12; ++k) {
    saws += std::string(k ? ", " : "") + "saw " + std::to_string(55 + 31 * k);
    delays += std::string(k ? ", " : "") + "(saw " + std::to_string(110 + 7 * k) +
              " # delay 0.003 0.5 0.5)";
  }
  patches.push_back(saws + "] * 0.05\n");
  patches.push_back(delays + "] * 0.05\n");
  const rt::RenderOptions options = renderOptions(256, 24000);
  for (const std::string& text : patches)
    for (int level : {0, 2, 3}) {
      ir::Module m = compileOptimised(text, level);
      std::string error;
      std::unique_ptr<rt::Patch> jit =
          codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level}, error);
      ASSERT_TRUE(jit) << error;
      codegen::CodegenTimes times;
      codegen::CodegenOptions baseline = baselineAt(level);
      baseline.times = &times;
      std::unique_ptr<rt::Patch> quick = codegen::compileJit(m, baseline, error);
      ASSERT_TRUE(quick) << error;
      EXPECT_EQ(times.modules, 1u);
      EXPECT_EQ(
          differingSamples(rt::renderToBuffer(*quick, options), rt::renderToBuffer(*jit, options)),
          0u)
          << "-O" << level << ":\n"
          << text;
    }
}

// `phonon render`'s tiers: the interpreter, then the baseline code, then the optimised code,
// each taking over from the one before at a block boundary with the same samples.
TEST(TieredPatchTest, EachTierTakesOverInTurn) {
  const rt::RenderOptions options = renderOptions(128, 96000);
  for (const char* text : {kPatches[1], kPatches[2], kPatches[3], kPatches[6]}) {
    ir::Module m = compileOptimised(text);
    const std::vector<float> expected = jitChunks(m, options);
    ASSERT_FALSE(expected.empty()) << text;
    std::vector<float> got;
    // Each tier's compile waits for a chunk of the render: the first for the first chunk, the
    // second for the chunk after the baseline code took over.
    std::promise<void> firstChunk, laterChunk;
    std::shared_future<void> first = firstChunk.get_future().share();
    std::shared_future<void> later = laterChunk.get_future().share();
    std::vector<tools::TieredPatch::Compile> tiers;
    tiers.push_back([&, first](const ir::Module& module, codegen::CodegenTimes& times,
                               std::string& why) -> std::unique_ptr<rt::Patch> {
      first.wait();
      codegen::CodegenOptions o = baselineAt(2);
      o.times = &times;
      return codegen::compileJit(module, o, why);
    });
    tiers.push_back([&, later, compile = jitAt(2)](const ir::Module& module,
                                                   codegen::CodegenTimes& times, std::string& why) {
      later.wait();
      return compile(module, times, why);
    });
    tools::TieredPatch tiered(m, std::move(tiers));
    bool laterSet = false;
    rt::render(tiered, options, [&](const float* samples, uint32_t frames) {
      const bool isFirst = got.empty();
      got.insert(got.end(), samples, samples + 2 * frames);
      if (isFirst) {
        firstChunk.set_value();
        EXPECT_TRUE(tiered.waitForCompiled(0));
      }
      if (!laterSet && tiered.handOverFrame(0)) {
        laterChunk.set_value();
        laterSet = true;
        EXPECT_TRUE(tiered.waitForCompiled(1));
      }
    });
    if (!laterSet) laterChunk.set_value();
    ASSERT_TRUE(tiered.waitForCompiled()) << tiered.compileError();
    ASSERT_TRUE(tiered.handOverFrame(0)) << text;
    ASSERT_TRUE(tiered.handOverFrame(1)) << text;
    EXPECT_GT(*tiered.handOverFrame(0), 0u);
    EXPECT_GT(*tiered.handOverFrame(1), *tiered.handOverFrame(0));
    EXPECT_EQ(tiered.handOverFrame(), tiered.handOverFrame(0));
    EXPECT_EQ(differingSamples(got, expected), 0u) << text;
  }
}

// The quick code (CodegenOptions::quickCodegen) is the optimised IR's, its machine code made at
// the code generator's -O0; the optimised code made from the IR it kept (keepOptimised, reuse)
// reads no node code and optimises nothing again. Both compute the optimised code's samples.
TEST(TieredPatchTest, TheQuickCodeAndTheCodeFromItsKeptIrComputeTheOptimisedCodesSamples) {
  const rt::RenderOptions options = renderOptions(256, 24000);
  for (const char* text : kPatches)
    for (int level : {2, 3}) {
      ir::Module m = compileOptimised(text, level);
      std::string error;
      std::unique_ptr<rt::Patch> jit =
          codegen::compileJit(m, codegen::CodegenOptions{.optLevel = level, .cache = false}, error);
      ASSERT_TRUE(jit) << error;
      const std::vector<float> expected = rt::renderToBuffer(*jit, options);
      std::shared_ptr<codegen::OptimisedModule> kept;
      codegen::CodegenTimes quickTimes, fromKeptTimes;
      std::unique_ptr<rt::Patch> quick =
          codegen::compileJit(m,
                              codegen::CodegenOptions{.optLevel = level,
                                                      .cache = false,
                                                      .quickCodegen = true,
                                                      .keepOptimised = &kept,
                                                      .times = &quickTimes},
                              error);
      ASSERT_TRUE(quick) << error;
      ASSERT_TRUE(kept) << "a small patch is one module, whose IR is kept";
      EXPECT_GT(quickTimes.of("llvm-optimize"), 0.0);
      std::unique_ptr<rt::Patch> fromKept = codegen::compileJit(
          m,
          codegen::CodegenOptions{
              .optLevel = level, .cache = false, .reuse = kept, .times = &fromKeptTimes},
          error);
      ASSERT_TRUE(fromKept) << error;
      EXPECT_EQ(fromKeptTimes.of("load-kernels"), 0.0) << "the node code is not read again";
      // At -O2 the quick code is the inlining's, and the rest of the pipeline runs on the kept
      // IR; at -O3 (LLVM's own pipeline, whole) the kept IR is optimised already.
      if (level == 2)
        EXPECT_GT(fromKeptTimes.of("llvm-optimize"), 0.0) << "the rest of the pipeline runs";
      else
        EXPECT_EQ(fromKeptTimes.of("llvm-optimize"), 0.0) << "nor the IR optimised again";
      EXPECT_GT(fromKeptTimes.of("llvm-codegen"), 0.0);
      EXPECT_EQ(differingSamples(rt::renderToBuffer(*quick, options), expected), 0u)
          << "-O" << level << ":\n"
          << text;
      EXPECT_EQ(differingSamples(rt::renderToBuffer(*fromKept, options), expected), 0u)
          << "-O" << level << ":\n"
          << text;
    }
}

// `phonon render`'s tiers (jitTiers): the baseline, quick and optimised code take over in
// turn, each at a block boundary, with the optimised code's samples throughout; where the
// interpreter steps by blocks (no feedback) the baseline code, slower than it, is dropped.
TEST(TieredPatchTest, TheRendersTiersTakeOverInTurn) {
  using Kind = tools::TieredPatch::JitTier;
  // Six chunks: a tier takes over after each of the first three.
  const rt::RenderOptions options = renderOptions(128, 192000);
  const std::pair<const char*, std::vector<std::optional<Kind>>> cases[] = {
      {kPatches[1], {Kind::Quick, Kind::Optimised}},
      {kPatches[4], {Kind::Quick, Kind::Optimised}},
      {kPatches[2], {Kind::Baseline, Kind::Quick, Kind::Optimised}}, // feedback: by samples
  };
  for (const auto& [text, kinds] : cases) {
    ir::Module m = compileOptimised(text);
    const std::vector<float> expected = jitChunks(m, options);
    ASSERT_FALSE(expected.empty()) << text;
    // Tier t compiles once the render has run a chunk on tier t − 1's code (the interpreter's
    // for the first).
    std::vector<tools::TieredPatch::TierCompile> tiers =
        tools::TieredPatch::jitTiers(2, false, &codegen::compileJit);
    ASSERT_EQ(tiers.size(), 3u);
    std::vector<std::promise<void>> go(tiers.size());
    for (size_t t = 0; t < tiers.size(); ++t)
      tiers[t].compile = [wait = go[t].get_future().share(), compile = std::move(tiers[t].compile)](
                             const ir::Module& module, codegen::CodegenTimes& times,
                             std::string& why) {
        wait.wait();
        return compile(module, times, why);
      };
    tools::TieredPatch tiered(m, std::move(tiers));
    ASSERT_EQ(tiered.tierKinds(), kinds) << text;
    // The promise of the TieredPatch's tier t (jitTiers' order, less the dropped baseline).
    auto promiseOf = [&](size_t t) -> std::promise<void>& {
      return go[static_cast<size_t>(*kinds[t])];
    };
    std::vector<float> got;
    size_t started = 0;
    rt::render(tiered, options, [&](const float* samples, uint32_t frames) {
      got.insert(got.end(), samples, samples + 2 * frames);
      if (started == 0 || (started < kinds.size() && tiered.handOverFrame(started - 1))) {
        promiseOf(started).set_value();
        EXPECT_TRUE(tiered.waitForCompiled(started)) << tiered.compileError();
        ++started;
      }
    });
    for (; started < kinds.size(); ++started) promiseOf(started).set_value();
    ASSERT_TRUE(tiered.waitForCompiled()) << tiered.compileError();
    for (size_t t = 0; t < kinds.size(); ++t)
      ASSERT_TRUE(tiered.handOverFrame(t)) << "tier " << t << text;
    for (size_t t = 1; t < kinds.size(); ++t)
      EXPECT_GT(*tiered.handOverFrame(t), *tiered.handOverFrame(t - 1)) << text;
    EXPECT_EQ(differingSamples(got, expected), 0u) << text;
  }
}

// A compile that fails leaves the interpreter rendering: the render still completes, with the
// interpreter's samples (the JIT's too), and the error is kept for the report.
TEST(TieredPatchTest, AFailedCompileLeavesTheInterpreterRendering) {
  ir::Module m = compileOptimised(kPatches[1]);
  interp::InterpretedPatch reference(m);
  const rt::RenderOptions options = renderOptions(256, 12000);
  const std::vector<float> expected = rt::renderToBuffer(reference, options);
  tools::TieredPatch tiered(m, [](const ir::Module&, codegen::CodegenTimes&, std::string& error) {
    error = "no JIT here";
    return std::unique_ptr<rt::Patch>();
  });
  EXPECT_FALSE(tiered.waitForCompiled());
  EXPECT_EQ(tiered.compileError(), "no JIT here");
  EXPECT_EQ(differingSamples(rt::renderToBuffer(tiered, options), expected), 0u);
  EXPECT_FALSE(tiered.handOverFrame());
}

} // namespace
} // namespace phonon::test
