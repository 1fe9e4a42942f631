// The interpreter by blocks (interp::Stepping::Blocks) against the interpreter by samples, the
// reference: the same samples bit for bit, for every kind of instruction a module without
// feedback holds. (Every node's cases, stems and the first non-finite value:
// NodeRobustnessTest.)
#include "TestSupport.h"

#include "phonon/interp/Interpreter.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace phonon::test {
namespace {

size_t differingSamples(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return std::max(a.size(), b.size());
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
  return n;
}

/// A sum of `count` sines, ir::sumOf's chunks and partials at 300.
std::string sines(int count) {
  std::string text = "out: stack [";
  for (int k = 0; k < count; ++k)
    text += (k ? ", " : "") + std::string("sine ") + std::to_string(100 + 3 * k);
  return text + "] * 0.002\n";
}

TEST(InterpreterTest, ByBlocksTheSamplesAreTheReferences) {
  const std::string patches[] = {
      "out: sine 440 * 0.2\n",
      // Values constant over a segment (pattern values, and a pure node of them), which change
      // at the segment's boundary inside a chunk.
      "out: sine (\"<200 300>*4\" * 2) * 0.2 + saw \"100 [150 175]\" * 0.1\n",
      "~lfo: sine 0.5 * 0.5 + 0.5\nout: saw (~lfo * 400 + 200) # lpf 900 0.7 * 0.2\n",
      // Stereo values (split into channels), a two-output node and its `right`.
      "out: pan (noise * 0.1 # hpf 3000) (sine 0.5) + pan2 (tri 330 * 0.2) (-0.3)\n",
      "out: stereo (saw 110) (saw 111) # reverb_stereo 0.3 0.8 * 0.3\n",
      // Delay lines in the arena, a SIMD bank (lane-contiguous state), a wide Sum.
      "out: saw 55 # delay 0.01 0.9 0.5 # comb 220 0.6 * 0.3\n",
      sines(10),
      // Phases exactly at a quarter cycle: sine's fold takes |INT_MIN| (Node.h sinTwoPiFixed,
      // clang's form in the block kernels, GCC's by samples).
      "out: sine 12000 * 0.2 + stack [sine 12000, sine (-12000), sine 6000] * 0.1\n",
      sines(300),
      // A player's voices (the built-in kit).
      "tempo: 1\nout: s \"bd*4, hh*8\" * 0.5 + sine 220 * 0.1\n",
  };
  rt::RenderOptions options;
  options.sampleRate = 48000;
  options.blockSize = 300; // chunks and segments that do not line up with the blocks
  options.frames = 48000;
  for (const std::string& text : patches) {
    for (int level : {0, 2}) {
      const ir::Module m = compileOptimised(text, level);
      interp::InterpretedPatch bySamples(m);
      interp::InterpretedPatch byBlocks(m, interp::Stepping::Blocks);
      ASSERT_EQ(byBlocks.stepping(), interp::Stepping::Blocks) << text;
      const std::vector<float> expected = rt::renderToBuffer(bySamples, options);
      EXPECT_EQ(differingSamples(rt::renderToBuffer(byBlocks, options), expected), 0u)
          << text << " at -O" << level;
    }
  }
}

TEST(InterpreterTest, AModuleWithFeedbackStepsBySamples) {
  // A feedback cell is read a sample after it is written: no instruction can run a chunk
  // ahead of the others.
  const ir::Module m = compileOptimised("~y: saw 110 * 0.1 + (~y # lpf 600 0.5) * 0.6\nout: ~y\n");
  EXPECT_FALSE(interp::InterpretedPatch::blocksSuit(m));
  interp::InterpretedPatch patch(m, interp::Stepping::Blocks);
  EXPECT_EQ(patch.stepping(), interp::Stepping::Samples);
  EXPECT_EQ(patch.chunkFrames(), 0u);
}

TEST(InterpreterTest, AChunkOfEveryValueFitsTheCache) {
  // A small patch steps 512 frames at a time; 300 sines (about 600 instructions) fewer, so
  // that their buffers stay within kChunkBytes.
  interp::InterpretedPatch small(compileOptimised("out: sine 440 * 0.2\n"),
                                 interp::Stepping::Blocks);
  EXPECT_EQ(small.chunkFrames(), interp::InterpretedPatch::kMaxChunkFrames);
  const ir::Module wide = compileOptimised(sines(300));
  interp::InterpretedPatch big(wide, interp::Stepping::Blocks);
  EXPECT_LT(big.chunkFrames(), interp::InterpretedPatch::kMaxChunkFrames);
  EXPECT_GE(big.chunkFrames(), 16u);
  EXPECT_EQ(big.chunkFrames() % 16, 0u);
  EXPECT_LE(big.chunkFrames() * sizeof(float) * wide.instrs.size(),
            interp::InterpretedPatch::kChunkBytes);
}

} // namespace
} // namespace phonon::test
