// The JIT, object files loaded with ORC and the interpreter run the same IR to the same
// samples; optimisation levels and block sizes do not change them.
#include "ObjectFileSupport.h"
#include "TestSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Patch.h"
#include "phonon/rt/Render.h"
#include "phonon/rt/ThreadPool.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace phonon::test {
namespace {

const char* const kPatches[] = {
    "out: sine 440 * 0.2\n",
    "~lfo: sine 0.5 * 0.5 + 0.5\nout: sine (~lfo * 400 + 200) * 0.2\n",
    "out: saw 55 # lpf (sine 0.25 * 2000 + 500) 0.8 * 0.3\n",
    "out: (square 110 - tri 165 / 2) # hpf 300 3 + noise * 0.01\n",
    "~a: saw 82.5 -7 * 0.2\n~b: ~a # lpf 900 # hpf 80 * ~a\nout: ~a + ~b / (saw 1 + 1)\n",
    // Channels: per-channel state, a stereo feedback bus, pan laws, an output pair.
    "~s: stereo (saw 110) (saw 220) * 0.2 + (~s # lpf 900 1) * 0.5\n"
    "out: ~s + pan (noise * 0.1) (sine 0.5) + pan2 (tri 330 * 0.2) (-0.3)\n",
    // State sized at init from the arena, and a constant list handed to init.
    "out: additive 110 [1, 0.5, 0.25] * 0.3 # delay (sine 0.5 * 0.1 + 0.2) 0.7 0.5 # comb 220 "
    "0.6 # reverb 0.8 0.3 0.4\n",
    "out: (saw 55 # delay 0.01 0.9 0.5) + (saw 82.5 # delay 0.0125 -0.5 0.5) + "
    "(additive 330 \"0.3 0.2\") + (additive 440 [0.1])\n",
    // examples/demo.ph: seven kernels, a small patch (Compile.cpp, kSmallPatchWeight).
    "tempo: 0.5\n~sweep: sine 0.125 * 0.5 + 0.5\n~bass: saw 55 # lpf (~sweep * 1800 + 200) 4 * "
    "0.35\n~low: sine 55 * 0.25\n~air: noise # hpf 6000 # lpf 9000 * (sine 0.5 * 0.02 + 0.03)\n"
    "~lead: (square 220 + tri 330 * 0.5) # lpf 1200 0.7 * 0.08\nout: ~bass + ~low + ~air + ~lead\n",
    // Banks run as SIMD: 37 sines summed (one block short of 64 lanes: groups of 8 and 5), saws
    // into a filter, filter lanes that read a buffer each, `mix`, and lanes whose pitch is a
    // pattern.
    "out: stack [sine 100, sine 110, sine 120, sine 130, sine 140, sine 150, sine 160, "
    "sine 170, sine 180, sine 190, sine 200, sine 210, sine 220, sine 230, sine 240, "
    "sine 250, sine 260, sine 270, sine 280, sine 290, sine 300, sine 310, sine 320, "
    "sine 330, sine 340, sine 350, sine 360, sine 370, sine 380, sine 390, sine 400, "
    "sine 410, sine 420, sine 430, sine 440, sine 450, sine 460] * 0.02\n",
    "out: stack [saw 55, saw 55.5, saw 56, saw 56.5, saw 57, saw 57.5, saw 58, saw 58.5, "
    "saw 59] * 0.1 # lpf 1200 0.7\n",
    "out: stack [saw 55 # lpf (sine 0.5 * 900 + 1000), saw 65 # lpf (sine 0.6 * 900 + 1000), "
    "saw 75 # lpf (sine 0.7 * 900 + 1000), saw 85 # lpf (sine 0.8 * 900 + 1000), "
    "saw 95 # lpf (sine 0.9 * 900 + 1000)] * 0.2\n",
    "out: mix (sine 100) (saw 200) (tri 300) (square 50) (sine 0.5) * 0.2\n",
    "out: stack [sine \"<200 300>*4\", sine \"<250 350>*4\", sine \"<300 400>*4\", "
    "sine \"<350 450>*4\", sine \"<400 500>*4\"] * 0.2\n",
    // Two-output kernels: the stereo Freeverb (`reverb` on a stereo input) and `reverb_stereo`
    // on a stereo and a mono input, with a stereo parameter averaged; four alike kernels of
    // them, which banks leave alone.
    "out: stereo (saw 110) (saw 165 # lpf 800) * 0.2 # reverb (stereo 0.9 0.7) 0.3 0.5 + "
    "(pan2 (tri 220 * 0.2) (sine 0.3) # reverb_stereo 0.4 1.5) + "
    "(noise * 0.05 # reverb_stereo 0.5 0.8)\n",
    "out: (stereo (saw 55) (saw 56) # reverb 0.5 0.5 0.5) + (stereo (saw 57) (saw 58) # reverb "
    "0.5 0.5 0.5) + (stereo (saw 59) (saw 60) # reverb 0.5 0.5 0.5) + (stereo (saw 61) (saw 62) "
    "# reverb 0.5 0.5 0.5) * 0.1\n",
    // A serial chain of filters at constant and at modulated cutoffs, whose coefficients the JIT
    // computes before the sample loop (the constant ones) or in it.
    "out: noise # bq_lp 2000 0.7071 # bq_hp 120 0.9 # bq_lp 2600 1.5 # lpf 3000 0.8 # bq_bp 900 "
    "0.5 # bq_lp (sine 0.5 * 800 + 1500) 0.7 # bq_notch 1000 2 # bq_lp 2100 0.7071 # rlpf 4000 "
    "0.3 # bq_lp 2200 0.7071 # hpf 80 0.7 # bq_lp 2300 0.7071 * 4\n",
    // W5's shape: a bank of saw → biquad → feedback delay → tanh chains, fewer lanes than a
    // block (the lane range phonon_process passes leaves the whole-block loop unreachable).
    "out: stack [(saw 110 # bq_lp 800 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 116.875 # bq_lp 810 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 123.75 # bq_lp 820 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 130.625 # bq_lp 830 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 137.5 # bq_lp 840 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 144.375 # bq_lp 850 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 151.25 # bq_lp 860 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 158.125 # bq_lp 870 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 165 # bq_lp 880 0.7071 # delay 0.25 0.5 0.5 # tanh), "
    "(saw 171.875 # bq_lp 890 0.7071 # delay 0.25 0.5 0.5 # tanh)] * 0.1\n",
    // Banks of saws and squares run their smooth ticks where no lane of a group is near a jump
    // (Node.h edgeSymbol). Their phases are FixedPhases: steps that are binary fractions (12 kHz:
    // 2^30 at 48 kHz) land the phase exactly on ±step, where the edge test turns; zero,
    // negative, Nyquist and higher pitches, a pattern pitch, and a short group of four lanes.
    "out: stack [saw 12000, saw 6000, saw 3000, saw -3000, saw 0, saw 24000, saw 30000, saw 55, "
    "saw 1500, saw -12000, saw \"<3000 750>*4\", saw 187.5] * 0.05\n",
    "out: stack [square 12000, square 6000, square 3000, square -6000, square 0, square 24000, "
    "square 30000, square 110, square 1500, square \"<3000 375>*8\"] * 0.05\n",
    // Saws whose pitches move every sample (a step per sample, through 0 Hz and negative) as
    // kernels of their own, beside a bank of twelve (its smooth ticks at -O1) at transposed,
    // negative, near- and above-Nyquist pitches and steps that do not divide a cycle.
    "~a: sine 2 * 300 + 100\n~b: sine 3 * -400\n~c: saw 0.5 * 900\nout: stack [saw ~a, saw ~b, "
    "saw ~c, saw 55 12, saw -55.5, saw 61.7 -3, saw ~a 7, saw 97.3, saw 101.1, saw -2000, saw "
    "23999, saw 0.25, saw 12000, saw 6000, saw -24000, saw 30000] * 0.05\n",
    // A summed bank of eighteen, W2's shape (its smooth ticks at every optimising level): two
    // whole groups and a short one, pitches landing on the edge test's turning points, negative,
    // transposed, at and above Nyquist.
    "out: stack [saw 12000, saw -12000, saw 6000, saw 3000, saw 0, saw 24000, saw -30000, saw 55, "
    "saw 55.055, saw 61.7 -3, saw -97.3, saw 101.1, saw 23999, saw 0.25, saw 187.5, saw 1500, saw "
    "70, saw -80.5] * 0.05\n",
    // An additive stack summed with one amplitude exactly 1: its `* 1` folds away, and
    // vectorize-across-nodes puts it back so that the lane joins the bank with the sum.
    "out: stack [sine 55 * 1, sine 110 * 0.5, sine 165 * 0.333, sine 220 * 0.25, sine 275 * 0.2, "
    "sine 330 * 0.1667, sine 385 * 0.1429, sine 440 * 0.125, sine 495 * 0.111] * 0.3\n",
    // Ring banks (DelayLines.h kRingLine): twelve lanes of comb and delay (two ring members a
    // lane; a group of 8 and one of 4), each lane's lines read at delays of its own; nine lanes
    // whose delays are modulated.
    "out: stack [saw 100 # comb 300 0.5 # delay 0.003 0.6 0.5, saw 101 # comb 310 0.5 # delay "
    "0.004 0.6 0.5, saw 102 # comb 320 0.5 # delay 0.005 0.6 0.5, saw 103 # comb 330 0.5 # delay "
    "0.006 0.6 0.5, saw 104 # comb 340 0.5 # delay 0.007 0.6 0.5, saw 105 # comb 350 0.5 # delay "
    "0.008 0.6 0.5, saw 106 # comb 360 0.5 # delay 0.009 0.6 0.5, saw 107 # comb 370 0.5 # delay "
    "0.01 0.6 0.5, saw 108 # comb 380 0.5 # delay 0.011 0.6 0.5, saw 109 # comb 390 0.5 # delay "
    "0.012 0.6 0.5, saw 110 # comb 400 0.5 # delay 0.013 0.6 0.5, saw 111 # comb 410 0.5 # delay "
    "0.014 0.6 0.5] * 0.05\n",
    "out: stack [saw 100 # delay (sine 3 * 0.002 + 0.004) 0.6 0.5, saw 101 # delay (sine 4 * 0.002 "
    "+ 0.004) 0.6 0.5, saw 102 # delay (sine 5 * 0.002 + 0.004) 0.6 0.5, saw 103 # delay (sine 6 * "
    "0.002 + 0.004) 0.6 0.5, saw 104 # delay (sine 7 * 0.002 + 0.004) 0.6 0.5, saw 105 # delay "
    "(sine 8 * 0.002 + 0.004) 0.6 0.5, saw 106 # delay (sine 9 * 0.002 + 0.004) 0.6 0.5, saw 107 "
    "# delay (sine 10 * 0.002 + 0.004) 0.6 0.5, saw 108 # delay (sine 11 * 0.002 + 0.004) 0.6 "
    "0.5] * 0.1\n",
    // A summed bank's pure members after its stateful ones in a loop of their own per span
    // (tanh, and a product with a value each lane reads from a buffer): 37 lanes, whose groups
    // are loops (a block of 32 lanes, then a group of 5 as a scalar loop).
    "out: stack [saw 100 # bq_lp 700 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw "
    "103.5 # bq_lp 710 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 107 # bq_lp 720 "
    "0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 110.5 # bq_lp 730 0.7071 # delay "
    "0.01 0.5 0.5 # tanh * (sine 0.25), saw 114 # bq_lp 740 0.7071 # delay 0.01 0.5 0.5 # "
    "tanh * (sine 0.25), saw 117.5 # bq_lp 750 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine "
    "0.25), saw 121 # bq_lp 760 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 124.5 # "
    "bq_lp 770 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 128 # bq_lp 780 0.7071 # "
    "delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 131.5 # bq_lp 790 0.7071 # delay 0.01 0.5 "
    "0.5 # tanh * (sine 0.25), saw 135 # bq_lp 800 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine "
    "0.25), saw 138.5 # bq_lp 810 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 142 # "
    "bq_lp 820 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 145.5 # bq_lp 830 0.7071 "
    "# delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 149 # bq_lp 840 0.7071 # delay 0.01 0.5 "
    "0.5 # tanh * (sine 0.25), saw 152.5 # bq_lp 850 0.7071 # delay 0.01 0.5 0.5 # tanh * "
    "(sine 0.25), saw 156 # bq_lp 860 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw "
    "159.5 # bq_lp 870 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 163 # bq_lp 880 "
    "0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 166.5 # bq_lp 890 0.7071 # delay "
    "0.01 0.5 0.5 # tanh * (sine 0.25), saw 170 # bq_lp 900 0.7071 # delay 0.01 0.5 0.5 # "
    "tanh * (sine 0.25), saw 173.5 # bq_lp 910 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine "
    "0.25), saw 177 # bq_lp 920 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 180.5 # "
    "bq_lp 930 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 184 # bq_lp 940 0.7071 # "
    "delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 187.5 # bq_lp 950 0.7071 # delay 0.01 0.5 "
    "0.5 # tanh * (sine 0.25), saw 191 # bq_lp 960 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine "
    "0.25), saw 194.5 # bq_lp 970 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 198 # "
    "bq_lp 980 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 201.5 # bq_lp 990 0.7071 "
    "# delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 205 # bq_lp 1000 0.7071 # delay 0.01 0.5 "
    "0.5 # tanh * (sine 0.25), saw 208.5 # bq_lp 1010 0.7071 # delay 0.01 0.5 0.5 # tanh * "
    "(sine 0.25), saw 212 # bq_lp 1020 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw "
    "215.5 # bq_lp 1030 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 219 # bq_lp "
    "1040 0.7071 # delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 222.5 # bq_lp 1050 0.7071 # "
    "delay 0.01 0.5 0.5 # tanh * (sine 0.25), saw 226 # bq_lp 1060 0.7071 # delay 0.01 0.5 "
    "0.5 # tanh * (sine 0.25)] * 0.02\n",
    // `sine`'s fixed-point phase (Oscillators.h): at an audio-rate frequency (FM, a step per
    // sample), at negative, transposed, Nyquist and higher frequencies, and in a bank of lanes
    // of both signs.
    "out: sine (sine 5 * 100 + 440) * 0.2 + sine (saw 3 * 3000) * 0.1\n",
    "out: (sine -440 + sine 220 7 + sine 24000 + sine 30000 + sine -36000 + sine 0.001) * 0.1\n",
    "out: stack [sine -100, sine 110, sine -120.5, sine 130, sine 24000, sine -12000, sine 12000, "
    "sine 1000000, sine 0, sine -0.25] * 0.1\n",
};

std::vector<float> renderPatch(rt::Patch& patch, uint32_t block, uint64_t frames = 24000) {
  rt::RenderOptions options;
  options.frames = frames;
  options.blockSize = block;
  return rt::renderToBuffer(patch, options);
}

/// The engines promise the same samples bit for bit (docs/architecture.md): the largest
/// difference is 0, and a NaN anywhere counts as a difference.
double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return INFINITY;
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0)
      d = std::max(d, std::isnan(a[i] - b[i]) ? INFINITY
                                              : std::max<double>(std::fabs(a[i] - b[i]), 1e-45));
  return d;
}

// The n-ary sum's order is the IR's (ir::sumOf): operand k into partial k mod 8, then the
// partials in order — which a SIMD bank's vector lanes compute. Operands chosen so that the
// order shows: 1e8 and -1e8 meet in partial 0 only after the ones of partials 1…7 were kept
// apart from them, so the ones survive; left to right they would be absorbed and lost.
TEST(EngineTest, TheSumAddsInTheOrderTheIrDefines) {
  // `sine 0` is 0 at every sample, so `sine 0 + c` is a signal of value c.
  const float values[] = {1e8f, 1, 1, 1, 1, 1, 1, 1, -1e8f, 0.5f, 0.25f, 3};
  std::string text = "out: stack [";
  for (size_t k = 0; k < std::size(values); ++k)
    text += (k ? ", sine 0 + " : "sine 0 + ") + std::to_string(values[k]);
  text += "]\n";
  float partial[8] = {};
  for (size_t k = 0; k < std::size(values); ++k) partial[k % 8] += values[k];
  float expected = partial[0];
  for (int p = 1; p < 8; ++p) expected += partial[p];
  float leftToRight = 0;
  for (float v : values) leftToRight += v;
  ASSERT_NE(expected, leftToRight) << "the operands must tell the orders apart";
  EXPECT_EQ(ir::sumOf(values, std::size(values)), expected);
  for (int level : {0, 3}) {
    interp::InterpretedPatch interpreted(compileOptimised(text, level));
    std::string error;
    auto jit = codegen::compileJit(compileOptimised(text, level), {level}, error);
    ASSERT_TRUE(jit) << error;
    for (const std::vector<float>& samples :
         {renderPatch(interpreted, 512, 1024), renderPatch(*jit, 512, 1024)})
      for (float x : samples) ASSERT_EQ(x, expected) << "-O" << level;
  }
}

/// `stack` of `count` elements, element(k) the k-th, times `scale`.
std::string stackOf(int count, const std::function<std::string(int)>& element, const char* scale) {
  std::string text = "out: stack [";
  for (int k = 0; k < count; ++k) text += (k ? ", " : "") + element(k);
  return text + "] * " + scale + "\n";
}

// A wide sum adds its operands in chunks (ir::sumChunkSize: 64 from 256 operands on), each
// chunk's partials into a total of its own, then the totals in order — so that threads can
// compute the chunks of a bank at once. Operands chosen so that the chunks show: 1e8 and -1e8
// in partial 0 of chunks 0 and 1 absorb the ones added to them only where they meet in one
// partial, as they would in a single chunk.
TEST(EngineTest, AWideSumAddsItsChunksInOrder) {
  constexpr int kCount = 300;
  std::vector<float> values(kCount, 1.0f);
  values[0] = 1e8f;
  values[64] = -1e8f;
  auto inOrder = [&](size_t chunk) {
    float total = 0;
    for (size_t first = 0; first < values.size(); first += chunk) {
      float partial[8] = {};
      for (size_t k = first; k < std::min(values.size(), first + chunk); ++k)
        partial[k % 8] += values[k];
      float sum = partial[0];
      for (int p = 1; p < 8; ++p) sum += partial[p];
      total = first == 0 ? sum : total + sum;
    }
    return total;
  };
  const float expected = inOrder(64);
  ASSERT_NE(expected, inOrder(kCount)) << "the operands must tell the chunks apart";
  EXPECT_EQ(ir::sumChunkSize(kCount), 64u);
  EXPECT_EQ(ir::sumOf(values.data(), values.size()), expected);
  std::string text = stackOf(
      kCount, [&](int k) { return "sine 0 + " + std::to_string(values[k]); }, "1");
  for (int level : {0, 3}) {
    interp::InterpretedPatch interpreted(compileOptimised(text, level));
    std::string error;
    auto jit = codegen::compileJit(compileOptimised(text, level), {level}, error);
    ASSERT_TRUE(jit) << error;
    for (const std::vector<float>& samples :
         {renderPatch(interpreted, 512, 1024), renderPatch(*jit, 512, 1024)})
      for (float x : samples) ASSERT_EQ(x, expected) << "-O" << level;
  }
}

// Issue 15: a bank that accumulates a sum splits between the pool's threads at its chunks, so
// the samples are the interpreter's, bit for bit, on one thread or two, whatever the block size
// (spans of the partials' scratch that do not divide it): 300 sines are five chunks of 64 lanes
// (the last 44), 1100 sines 18 (a task each: more than a bank's 16 tasks before W4's split
// into its 32 chunks), 64 saw → bq_lp → delay → tanh chains two of 32; the last is
// bench/perf.py's W5 × 64 itself (gen.py's chains at 110·(1 + i/64) Hz, the delay fed back
// after 0.25 s).
TEST(EngineTest, SplitSumsMatchTheInterpreterOnAnyNumberOfThreads) {
  const std::string patches[] = {
      stackOf(
          300, [](int k) { return "sine " + std::to_string(100 + 3 * k); }, "0.003"),
      stackOf(
          1100, [](int k) { return "sine " + std::to_string(100 + k); }, "0.0008"),
      stackOf(
          64,
          [](int k) {
            return "(saw " + std::to_string(55 + 7 * k) +
                   " # bq_lp 800 0.7071 # delay 0.01 0.5 0.5 # tanh)";
          },
          "0.02"),
      stackOf(
          64,
          [](int k) {
            return "(saw " + std::to_string(110 * (1 + k / 64.0)) +
                   " # bq_lp 800 0.7071 # delay 0.25 0.5 0.5 # tanh)";
          },
          "0.015625"),
  };
  for (const std::string& text : patches) {
    const uint64_t frames = text.find("delay 0.25") != std::string::npos ? 30000 : 12000;
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    std::vector<float> expected = renderPatch(reference, 512, frames);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-2);
    ir::Module m = compileOptimised(text, 3);
    ASSERT_GT(ir::sumChunks(m.schedule.kernels[0].lanes), 1u) << "the sum must be split";
    std::string error;
    auto jit = codegen::compileJit(m, {3}, error);
    ASSERT_TRUE(jit) << error;
    for (unsigned threads : {1u, 2u, 3u})
      for (uint32_t block : {512u, 333u, 64u}) {
        rt::RenderOptions options;
        options.frames = frames;
        options.blockSize = block;
        options.threads = threads;
        EXPECT_EQ(maxDifference(expected, rt::renderToBuffer(*jit, options)), 0.0)
            << threads << " threads, blocks of " << block << "\n"
            << text.substr(0, 60);
      }
  }
}

// Issue 15: the threads that run a bank's lanes must not write one cache line, or every
// sample's store of a state word sends the line from core to core (W5 × 64 ran 0.6× as fast
// on two threads as on one). Each row of a lane-contiguous state word starts on a 64-byte
// line, and the lanes split at whole lines (chunks of a sum, blocks of 64 lanes).
TEST(EngineTest, ThreadsSplittingABankNeverShareACacheLineOfItsState) {
  static_assert(ir::kSumChunk % ir::kLaneCacheLine == 0 && ir::kLaneCacheLine * 4 == 64);
  const std::string patches[] = {
      stackOf(
          64,
          [](int k) {
            return "(saw " + std::to_string(110 * (1 + k / 64.0)) +
                   " # bq_lp 800 0.7071 # delay 0.25 0.5 0.5 # tanh)";
          },
          "0.015625"),
      stackOf(
          37, [](int k) { return "sine " + std::to_string(100 + 3 * k); }, "0.02"),
      stackOf(
          300, [](int k) { return "sine " + std::to_string(100 + 3 * k); }, "0.003"),
  };
  for (const std::string& text : patches) {
    ir::Module m = compileOptimised(text, 3);
    ASSERT_TRUE(ir::laneContiguous(m, 0)) << text.substr(0, 60);
    ir::StateLayout layout = ir::layoutState(m);
    EXPECT_EQ(layout.align % 64, 0u);
    size_t rows = 0;
    for (ir::ValueId id = 0; id < m.instrs.size(); ++id) {
      if (layout.wordStride[id] == 0) continue;
      ++rows;
      EXPECT_EQ(layout.wordStride[id] % 64, 0u) << "%" << id;
      // Lane l's word at offset + 4·l: lane 0 (and so every 16th lane) at a line's start.
      EXPECT_EQ((layout.offsets[id] - 4 * ir::bankLanes(m)[id]) % 64, 0u) << "%" << id;
    }
    EXPECT_GT(rows, 0u);
  }
}

/// The buffers each block of a compiled patch received, and its own process.
struct SeenBuffers {
  void (*process)(void*, const phonon_block_context*) = nullptr;
  std::vector<std::pair<uintptr_t, uint32_t>> blocks; ///< {buffers, buffer_stride}
};
SeenBuffers seenBuffers;

void recordBuffers(void* state, const phonon_block_context* ctx) {
  seenBuffers.blocks.push_back({reinterpret_cast<uintptr_t>(ctx->buffers), ctx->buffer_stride});
  seenBuffers.process(state, ctx);
}

// Issue 15: nor may the buffers between kernels, which the tasks of a split bank write (each
// chunk's total): every buffer starts on a 64-byte line, whatever the block size, and the
// samples are those of one thread.
TEST(EngineTest, BuffersBetweenKernelsStartOnCacheLines) {
  const std::string text = stackOf(
      300, [](int k) { return "sine " + std::to_string(100 + 3 * k); }, "0.003");
  ir::Module m = compileOptimised(text, 3);
  std::string error;
  auto jit = codegen::compileJit(m, {3}, error);
  ASSERT_TRUE(jit) << error;
  auto* compiled = dynamic_cast<rt::DescriptorPatch*>(jit.get());
  ASSERT_NE(compiled, nullptr);
  ASSERT_GT(compiled->descriptor()->num_buffers, 2u);
  phonon_patch_descriptor watched = *compiled->descriptor();
  seenBuffers = {watched.process, {}};
  watched.process = recordBuffers;
  auto patch = rt::DescriptorPatch::create(&watched, nullptr, error);
  ASSERT_TRUE(patch) << error;
  for (uint32_t block : {512u, 333u, 1u}) {
    rt::RenderOptions options;
    options.frames = 3000;
    options.blockSize = block;
    options.threads = 2;
    std::vector<float> expected = rt::renderToBuffer(*jit, options);
    seenBuffers.blocks.clear();
    EXPECT_EQ(maxDifference(expected, rt::renderToBuffer(*patch, options)), 0.0);
    ASSERT_FALSE(seenBuffers.blocks.empty());
    for (auto [buffers, stride] : seenBuffers.blocks) {
      EXPECT_EQ(buffers % 64, 0u) << "blocks of " << block;
      EXPECT_EQ(stride * sizeof(float) % 64, 0u) << "blocks of " << block;
      EXPECT_GE(stride, block);
    }
  }
}

// Issue 13: twelve instances of one node, each with its own parameters and its own saw,
// summed, become one bank of 12 lanes at -O3 (SIMD over lane-contiguous state where the node's
// state allows: eight lanes and a tail of four), and give the same samples, bit for bit, as the
// same module compiled with 12 kernels of their own and as the interpreter.
TEST(EngineTest, BanksOfEachNodeGroupMatchSeparateKernelsAndTheInterpreter) {
  struct Group {
    const char* node;
    bool simd; ///< expected to run as SIMD (ir::laneContiguous)
    std::string (*instance)(int k);
  };
  static const Group groups[] = {
      {"lpf", true,
       [](int k) {
         return "lpf (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(300 + 90 * k) +
                " 0.7";
       }},
      {"bq_lp", true,
       [](int k) {
         return "bq_lp (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(300 + 90 * k) +
                " 2";
       }},
      {"moog", true,
       [](int k) {
         return "moog (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(300 + 90 * k) +
                " 0.8";
       }},
      {"env", true,
       [](int k) { return "env 0.01 " + std::to_string(0.02 + 0.01 * k) + " 0.5 0.2"; }},
      {"ad", true, [](int k) { return "ad 0.01 " + std::to_string(0.05 + 0.02 * k); }},
      {"adsr", true, [](int k) { return "adsr 0.01 0.05 0.6 " + std::to_string(0.05 + 0.02 * k); }},
      {"distort", true,
       [](int k) {
         return "distort (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(2 + k) +
                " 0.5";
       }},
      {"compressor", true,
       [](int k) {
         return "compressor (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(-30 + k) +
                " 4";
       }},
      // PolyBLEP with 1/dt hoisted (issue 15): both edges, a high pitch (dt near ½), a pitch
      // that moves, and a width that does.
      {"square", true,
       [](int k) { return "square " + std::to_string(100 + 1700 * k) + " " + std::to_string(k); }},
      {"pulse", true,
       [](int k) {
         return "pulse (sine " + std::to_string(0.5 + 0.1 * k) + " * 90 + " +
                std::to_string(200 + 2000 * k) + ") (sine 0.7 * 0.4 + 0.5)";
       }},
      // One division for both forms of tanhApprox: inputs on both sides of |x| = 0.625.
      {"tanh", true,
       [](int k) {
         return "tanh (saw " + std::to_string(100 + 7 * k) + " * " + std::to_string(0.3 + 0.4 * k) +
                ")";
       }},
      {"delay", true,
       [](int k) {
         return "delay (saw " + std::to_string(100 + 7 * k) + ") " +
                std::to_string(0.003 + 0.001 * k) + " 0.6 0.5";
       }},
      {"comb", true,
       [](int k) {
         return "comb (saw " + std::to_string(100 + 7 * k) + ") " + std::to_string(500 + 50 * k) +
                " 0.7";
       }},
      {"chorus", true,
       [](int k) {
         return "chorus (saw " + std::to_string(100 + 7 * k) + ") " +
                std::to_string(0.2 + 0.1 * k) + " 0.8 0.5";
       }},
  };
  for (const Group& g : groups) {
    std::string text = "out: stack [";
    for (int k = 0; k < 12; ++k) text += (k ? ", " : "") + g.instance(k);
    text += "] * 0.05\n";
    ir::Module banked = compileOptimised(text, 3);
    uint32_t bank = ir::kNone;
    for (uint32_t k = 0; k < banked.schedule.kernels.size(); ++k)
      if (banked.schedule.kernels[k].lanes == 12) bank = k;
    ASSERT_NE(bank, ir::kNone) << g.node << ": no bank of 12 lanes";
    EXPECT_EQ(ir::laneContiguous(banked, bank), g.simd) << g.node;
    auto c = compileText(text);
    ASSERT_TRUE(c->module) << c->diagnostics;
    ir::Module separate = std::move(*c->module);
    std::vector<const passes::Pass*> withoutBanks;
    for (const passes::Pass* pass : passes::pipelineForLevel(3))
      if (std::string(pass->name) != "vectorize-across-nodes") withoutBanks.push_back(pass);
    std::ostringstream sink;
    ASSERT_TRUE(passes::runPasses(separate, withoutBanks, {}, sink, sink)) << sink.str();
    for (const ir::Kernel& kernel : separate.schedule.kernels) ASSERT_EQ(kernel.lanes, 1u);
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    interp::InterpretedPatch interpretedBank(banked);
    std::string error;
    auto bankJit = codegen::compileJit(banked, {3}, error);
    ASSERT_TRUE(bankJit) << error;
    auto separateJit = codegen::compileJit(separate, {3}, error);
    ASSERT_TRUE(separateJit) << error;
    std::vector<float> expected = renderPatch(reference, 512, 12000);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-3) << g.node;
    EXPECT_EQ(maxDifference(expected, renderPatch(interpretedBank, 512, 12000)), 0.0) << g.node;
    EXPECT_EQ(maxDifference(expected, renderPatch(*bankJit, 512, 12000)), 0.0) << g.node;
    EXPECT_EQ(maxDifference(expected, renderPatch(*bankJit, 333, 12000)), 0.0) << g.node;
    EXPECT_EQ(maxDifference(expected, renderPatch(*separateJit, 512, 12000)), 0.0) << g.node;
  }
}

// An additive stack whose amplitudes are 1/k, summed: the first lane's `* 1` folds away, which
// left 399 of 400 lanes writing a buffer each and a Sum kernel of its own (4.7× realtime against
// 123×). The lane gets `* 1` back (x·1 is x) and joins the bank, which takes the Sum in, and the
// samples are the interpreter's. An odd lane in the middle, too.
TEST(EngineTest, ALaneWhoseAmplitudeFoldedAwayJoinsTheSummedBank) {
  for (int odd : {0, 5}) {
    std::string text = stackOf(
        12,
        [&](int k) {
          return "sine " + std::to_string(55 * (k + 1)) + " * " +
                 (k == odd ? std::string("1") : std::to_string(1.0 / (k + 1)));
        },
        "0.2");
    ir::Module banked = compileOptimised(text, 3);
    ASSERT_EQ(banked.schedule.kernels.size(), 2u) << odd; // the bank and the final `* 0.2`
    EXPECT_EQ(banked.schedule.kernels[0].lanes, 12u) << odd;
    EXPECT_NE(ir::bankSum(banked, 0), ir::kNone) << odd;
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    std::vector<float> expected = renderPatch(reference, 512, 12000);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-2);
    interp::InterpretedPatch interpretedBank(banked);
    EXPECT_EQ(maxDifference(expected, renderPatch(interpretedBank, 512, 12000)), 0.0) << odd;
    std::string error;
    auto jit = codegen::compileJit(banked, {3}, error);
    ASSERT_TRUE(jit) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 512, 12000)), 0.0) << odd;
  }
}

class EngineTest : public ::testing::TestWithParam<const char*> {};

TEST_P(EngineTest, JitMatchesTheInterpreterAtEveryLevel) {
  interp::InterpretedPatch reference(compileOptimised(GetParam(), 0));
  std::vector<float> expected = renderPatch(reference, 512);
  ASSERT_GT(std::fabs(*std::max_element(expected.begin(), expected.end())), 1e-3);
  for (int level = 0; level <= 3; ++level) {
    std::string error;
    auto jit = codegen::compileJit(compileOptimised(GetParam(), level), {level}, error);
    ASSERT_TRUE(jit) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 512)), 0.0) << "-O" << level;
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 1)), 0.0) << "-O" << level;
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 333)), 0.0) << "-O" << level;
  }
}

TEST_P(EngineTest, ObjectFilesLoadAndMatch) {
  ir::Module m = compileOptimised(GetParam(), 2);
  std::string object, error;
  ASSERT_TRUE(codegen::emitObject(m, {2}, codegen::Target::Portable, object, error)) << error;
  auto loaded = loadObjectBytes(object, error);
  ASSERT_TRUE(loaded) << error;
  EXPECT_EQ(loaded->cps(), m.cps);
  interp::InterpretedPatch reference(std::move(m));
  EXPECT_EQ(maxDifference(renderPatch(reference, 512), renderPatch(*loaded, 512)), 0.0);
}

// A big patch is compiled as several LLVM modules at once (one patch-wide, the kernels spread
// over the others); forced here on every patch, it renders what one module does.
TEST_P(EngineTest, SplitCompilationMatchesOneModule) {
  ir::Module m = compileOptimised(GetParam(), 2);
  interp::InterpretedPatch reference(compileOptimised(GetParam(), 2));
  std::vector<float> expected = renderPatch(reference, 512);
  for (unsigned modules : {1u, 3u}) {
    std::string error;
    auto jit = codegen::compileJit(m, {2, modules}, error);
    ASSERT_TRUE(jit) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 512)), 0.0) << modules << " modules";
  }
}

INSTANTIATE_TEST_SUITE_P(Patches, EngineTest, ::testing::ValuesIn(kPatches));

// Issue 15: a chain longer than fuse's kernel bound (300 filters: several kernels, each
// reading the one before through a buffer) renders the interpreter's samples at every level,
// compiled as one module or spread over several on the host's threads (the JIT links their
// objects; an object file links their IR into one module), and as an object file.
TEST(EngineTest, ChainsCutIntoKernelsMatchTheInterpreter) {
  std::string text = "out: saw 55 + noise * 0.1";
  for (int i = 0; i < 300; ++i)
    text +=
        " # lpf " + std::to_string(6000 + 37 * (i % 50)) + " 0.7" + (i % 100 == 99 ? "\n " : "");
  text += " * 0.5\n";
  interp::InterpretedPatch reference(compileOptimised(text, 0));
  std::vector<float> expected = renderPatch(reference, 512, 12000);
  ASSERT_GT(std::fabs(*std::max_element(expected.begin(), expected.end())), 1e-3);
  for (int level = 0; level <= 3; ++level) {
    ir::Module m = compileOptimised(text, level);
    if (level > 0) {
      EXPECT_GT(m.schedule.kernels.size(), 3u) << "-O" << level;
    }
    for (unsigned modules : {0u, 1u, 4u}) {
      std::string error;
      auto jit = codegen::compileJit(m, {level, modules}, error);
      ASSERT_TRUE(jit) << error;
      EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 512, 12000)), 0.0)
          << "-O" << level << ", " << modules << " modules";
    }
  }
  ir::Module m = compileOptimised(text, 2);
  codegen::CodegenTimes times;
  std::string object, error;
  ASSERT_TRUE(codegen::emitObject(m, {.optLevel = 2, .modules = 4, .times = &times},
                                  codegen::Target::Portable, object, error))
      << error;
  EXPECT_EQ(times.modules, 4u);
  auto loaded = loadObjectBytes(object, error);
  ASSERT_TRUE(loaded) << error;
  EXPECT_EQ(maxDifference(expected, renderPatch(*loaded, 512, 12000)), 0.0);
}

// Issue 15: a patch's split follows the code its kernels lower to (codegen::loweredWeight). A
// patch of several banks whose lane code is big (bench mixed 300: saws, LFO-swept lpf and
// delay, about 100 groups) is spread over several modules, each bank in one of its own, though
// each bank's lane alone costs little. One that is mostly one heavy bank (W4's 2000 summed
// sines, W5's 16 chains of saw, biquad, delay and tanh) is not spread, but on a host of two
// threads that bank compiles in a module of its own beside module 0. Either way the samples
// are the interpreter's, and an object file of the split patch (its modules' IR linked into
// one) has them too.
TEST(EngineTest, PatchesSplitByTheirLoweredCodeMatchTheInterpreter) {
  std::string mixed;
  for (int l = 0; l < 6; ++l)
    mixed += "~lfo" + std::to_string(l) + ": sine 0.0" + std::to_string(5 + l) + " * 0.5 + 0.5\n";
  mixed += "out: stack [";
  for (int g = 0; g < 98; ++g)
    mixed += std::string(g ? ", " : "") + "saw " + std::to_string(55 + 4 * g) + " # lpf (~lfo" +
             std::to_string(g % 6) + " * " + std::to_string(1500 + 100 * (g % 13)) +
             " + 300) 1.5 # delay 0.00" + std::to_string(2 + g % 8) + " 0.3 0.4" +
             (g % 8 == 7 ? "\n " : "");
  mixed += "] * 0.01\n";
  std::string sines = "out: stack [";
  for (int k = 0; k < 2000; ++k)
    sines +=
        std::string(k ? ", " : "") + "sine " + std::to_string(50 + k) + (k % 16 == 15 ? "\n " : "");
  sines += "] * 0.0005\n";
  std::string chains = "out: stack [";
  for (int k = 0; k < 16; ++k)
    chains += std::string(k ? ", " : "") + "(saw " + std::to_string(110 + 7 * k) + " # bq_lp " +
              std::to_string(800 + 10 * k) + " 0.7071 # delay 0.01 0.5 0.5 # tanh)";
  chains += "] * 0.06\n";
  // Modules of the automatic split: several; or one heavy bank's own beside module 0.
  const unsigned heavyBank = std::thread::hardware_concurrency() >= 2 ? 2u : 1u;
  for (const auto& [text, spread] :
       {std::pair{mixed, true}, std::pair{sines, false}, std::pair{chains, false}}) {
    ir::Module m = compileOptimised(text, 2);
    interp::InterpretedPatch reference(compileOptimised(text, 2));
    std::vector<float> expected = renderPatch(reference, 512, 4096);
    ASSERT_GT(std::fabs(*std::max_element(expected.begin(), expected.end())), 1e-3);
    codegen::CodegenTimes times;
    std::string error;
    auto jit = codegen::compileJit(m, {.optLevel = 2, .cache = false, .times = &times}, error);
    ASSERT_TRUE(jit) << error;
    if (spread) {
      EXPECT_GT(times.modules, 2u);
    } else {
      EXPECT_EQ(times.modules, heavyBank);
    }
    EXPECT_EQ(maxDifference(expected, renderPatch(*jit, 512, 4096)), 0.0) << times.modules;
    auto one = codegen::compileJit(m, {.optLevel = 2, .modules = 1, .cache = false}, error);
    ASSERT_TRUE(one) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*one, 512, 4096)), 0.0);
    codegen::CodegenTimes objectTimes;
    std::string object;
    ASSERT_TRUE(codegen::emitObject(m, {.optLevel = 2, .times = &objectTimes},
                                    codegen::Target::Portable, object, error))
        << error;
    EXPECT_EQ(objectTimes.modules, times.modules);
    auto loaded = loadObjectBytes(object, error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*loaded, 512, 4096)), 0.0);
  }
}

/// `count` alike stages after `source`: "# node ARGS(k)" for k = 0 … count − 1.
std::string chainOf(const std::string& source, size_t count,
                    const std::function<std::string(size_t)>& stage) {
  std::string text = source;
  for (size_t k = 0; k < count; ++k) text += " # " + stage(k);
  return text;
}

// A serial chain of alike nodes runs skewed (codegen, emitSkewedSteps): stage s on sample t − s,
// the stages as vector lanes. Each stage's samples must stay those of the interpreter at every
// level and block size (one-sample blocks are all fill and drain), with lanes in a group of 8
// and a shorter one, a run longer than the skewed part, parameters per event segment, stateless
// stages, and a chain between two other kernels' buffers.
TEST(EngineTest, SkewedChainsMatchTheInterpreter) {
  const std::string patches[] = {
      "out: " +
          chainOf("noise", 11,
                  [](size_t k) {
                    return "bq_lp " + std::to_string(2000 + 100 * k) + " " +
                           std::to_string(0.7 + 0.1 * k);
                  }) +
          " * 2\n",
      "out: " +
          chainOf("saw 55", 70,
                  [](size_t k) { return "lpf " + std::to_string(3000 + 20 * k) + " 0.8"; }) +
          " * 0.5\n",
      "out: " +
          chainOf("saw 55 + saw 82.5", 9,
                  [](size_t k) {
                    return "bq_lp \"<" + std::to_string(300 + 50 * k) + " " +
                           std::to_string(900 + 50 * k) + ">*8\" 0.9";
                  }) +
          " * 0.3\n",
      "out: " + chainOf("saw 110 * 3", 9, [](size_t) { return std::string("tanh"); }) + " * 0.3\n",
      "~a: saw 55 # delay 0.01 0.5 0.5\n~b: " +
          chainOf("~a", 8,
                  [](size_t k) { return "bq_hp " + std::to_string(40 + 10 * k) + " 0.7"; }) +
          "\nout: ~b + (~b # delay 0.02 0.3 0.5) * 0.5\n",
  };
  for (const std::string& text : patches) {
    std::string llvmIr, error;
    ASSERT_TRUE(
        codegen::emitLlvmIr(compileOptimised(text, 2), {0}, codegen::Target::Host, llvmIr, error))
        << error;
    EXPECT_NE(llvmIr.find("chain.step:"), std::string::npos) << text << ": no skewed chain";
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    std::vector<float> expected = renderPatch(reference, 512);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-3) << text;
    for (int level = 1; level <= 3; ++level) {
      auto jit = codegen::compileJit(compileOptimised(text, level), {level}, error);
      ASSERT_TRUE(jit) << error;
      for (uint32_t block : {512u, 1u, 333u})
        EXPECT_EQ(maxDifference(expected, renderPatch(*jit, block)), 0.0)
            << text << "-O" << level << ", blocks of " << block;
    }
    std::string object;
    ASSERT_TRUE(codegen::emitObject(compileOptimised(text, 2), {2}, codegen::Target::Portable,
                                    object, error))
        << error;
    auto loaded = loadObjectBytes(object, error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*loaded, 512)), 0.0) << text << " (object)";
  }
}

// Issue 15: in a patch spread over several modules, a kernel's run of alike constant-parameter
// stages runs stage-major (codegen, emitStagedChunks): the members before it fill a chunk of up
// to 512 samples, the stages go over it 32 at a time skewed in vector lanes, the members after
// it finish it. Each stage's samples must stay the interpreter's at every level and block size
// (one-sample blocks, blocks of several chunks), with runs cut by fuse's kernel bound (81 and
// 19 lpf stages: whole groups and lanes that only pass their input on), a run shorter than a
// group, four-word states, stateless stages, members before the run that feed it and members
// after it that read another kernel's buffer.
TEST(EngineTest, StagedChainsMatchTheInterpreter) {
  const std::string patches[] = {
      "out: " +
          chainOf("noise", 100,
                  [](size_t k) {
                    return "lpf " + std::to_string(8000 + 100 * (k % 40)) + " " +
                           std::to_string(0.5 + 0.01 * k);
                  }) +
          " * 0.5\n",
      "~a: saw 55 + noise * 0.1\nout: " +
          chainOf("~a", 40,
                  [](size_t k) {
                    return "bq_lp " + std::to_string(3000 + 50 * k) + " " +
                           std::to_string(0.6 + 0.01 * k);
                  }) +
          " + ~a * 0.1\n",
      "out: " + chainOf("saw 110 * 3", 20, [](size_t) { return std::string("tanh"); }) + " * 0.3\n",
      "out: " +
          chainOf("sine 3 * 0.5 + saw 55", 9,
                  [](size_t k) { return "hpf " + std::to_string(40 + 10 * k) + " 0.7"; }) +
          " * 0.5\n",
  };
  for (const std::string& text : patches) {
    std::string llvmIr, error;
    ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(text, 2), {2, 3}, codegen::Target::Host,
                                    llvmIr, error))
        << error;
    EXPECT_NE(llvmIr.find("group.steps:"), std::string::npos) << text << ": no staged run";
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    std::vector<float> expected = renderPatch(reference, 512, 6000);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-3) << text;
    for (int level = 1; level <= 3; ++level) {
      auto jit = codegen::compileJit(compileOptimised(text, level), {level, 3}, error);
      ASSERT_TRUE(jit) << error;
      for (uint32_t block : {512u, 1u, 333u, 1500u})
        EXPECT_EQ(maxDifference(expected, renderPatch(*jit, block, 6000)), 0.0)
            << text << "-O" << level << ", blocks of " << block;
    }
    std::string object;
    ASSERT_TRUE(codegen::emitObject(compileOptimised(text, 2), {2, 3}, codegen::Target::Portable,
                                    object, error))
        << error;
    auto loaded = loadObjectBytes(object, error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_EQ(maxDifference(expected, renderPatch(*loaded, 512, 6000)), 0.0) << text << " (object)";
  }
}

/// `groups` groups of saw → lpf (its cutoff swept by one of 4 LFO buses) → delay, summed, like
/// bench mixed. With `repeats`, the first third of the groups' cutoffs are repeated by the last
/// third, so cse shares them and those groups bank apart from the others: the Sum of two banks'
/// lanes is a kernel of its own; without, one bank takes the Sum in.
std::string mixedGroups(int groups, bool repeats = true) {
  const int unique = repeats ? groups * 2 / 3 : groups;
  std::string text;
  for (int l = 0; l < 4; ++l)
    text +=
        "~lfo" + std::to_string(l) + ": sine " + std::to_string(0.05 + 0.01 * l) + " * 0.5 + 0.5\n";
  return text + stackOf(
                    groups,
                    [&](int k) {
                      const int c = k < unique ? k : k - unique;
                      return "saw " + std::to_string(55 + 0.5 * k) + " # lpf (~lfo" +
                             std::to_string(c % 4) + " * " + std::to_string(1500 + 10 * c) +
                             " + 300) 1.5 # delay " + std::to_string(0.002 + 0.0005 * (k % 10)) +
                             " 0.3 0.4";
                    },
                    "0.01");
}

/// The JIT of `text` at -O2 and -O3, in one module or three, on one thread or two, in blocks of
/// 512 and 333, gives `expected`, bit for bit.
void checkMixedJit(const std::string& text, const std::vector<float>& expected) {
  std::string error;
  for (int level : {2, 3})
    for (unsigned modules : {1u, 3u}) {
      auto jit = codegen::compileJit(compileOptimised(text, level), {level, modules}, error);
      ASSERT_TRUE(jit) << error;
      for (unsigned threads : {1u, 2u})
        for (uint32_t block : {512u, 333u}) {
          rt::RenderOptions options;
          options.frames = 12000;
          options.blockSize = block;
          options.threads = threads;
          EXPECT_EQ(maxDifference(expected, rt::renderToBuffer(*jit, options)), 0.0)
              << "-O" << level << ", " << modules << " modules, " << threads
              << " threads, blocks of " << block;
        }
    }
}

// Issue 15: mixed graphs compile in code that does not grow with their groups — a bank's lanes
// in a loop over its groups of 8, its arena slices without a query per lane, a Sum of other
// kernels' values as a loop over its operands — and still give the interpreter's samples, bit
// for bit: 150 groups are banks of 50 and 100 lanes (a block of 64 and a tail, groups of 8 and
// one shorter), summed by a Sum of 150 (chunks of 32: the last of 22, 2 over a group of 8); or
// one bank of 150 lanes that adds them up in chunks of 32 (the last of 22).
TEST(EngineTest, MixedGraphsCompileToBoundedCodeAndMatchTheInterpreter) {
  auto instructions = [](int groups) {
    std::string llvmIr, error;
    EXPECT_TRUE(codegen::emitLlvmIr(compileOptimised(mixedGroups(groups), 2), {2, 1},
                                    codegen::Target::Host, llvmIr, error))
        << error;
    size_t count = 0, at = 0;
    for (bool inside = false; at < llvmIr.size();) {
      size_t end = llvmIr.find('\n', at);
      if (end == std::string::npos) end = llvmIr.size();
      std::string_view line(llvmIr.data() + at, end - at);
      if (line.starts_with("define ")) inside = true;
      if (line.starts_with("}")) inside = false;
      count += inside && line.starts_with("  ");
      at = end + 1;
    }
    return count;
  };
  const size_t small = instructions(150), twice = instructions(300);
  EXPECT_LT(static_cast<double>(twice), 1.3 * static_cast<double>(small))
      << "150 groups: " << small << " instructions, 300: " << twice;

  for (bool repeats : {true, false}) {
    SCOPED_TRACE(repeats ? "two banks and a Sum" : "one bank taking the Sum in");
    const std::string text = mixedGroups(150, repeats);
    ir::Module m = compileOptimised(text, 3);
    std::vector<uint32_t> banks;
    bool sumOfBanks = false;
    for (uint32_t k = 0; k < m.schedule.kernels.size(); ++k)
      if (m.schedule.kernels[k].lanes > 1) banks.push_back(m.schedule.kernels[k].lanes);
    for (const ir::Instr& in : m.instrs)
      sumOfBanks |= in.op == ir::Opcode::Sum && in.operands.size() == 150 &&
                    m.schedule.kernels[in.kernel].lanes == 1;
    EXPECT_EQ(sumOfBanks, repeats) << "the Sum must be a kernel of its own with repeats only";
    EXPECT_NE(std::find(banks.begin(), banks.end(), repeats ? 100u : 150u), banks.end())
        << "no bank of the groups";
    std::string llvmIr, error;
    // LLVM's -O0 keeps the lowering's block names.
    ASSERT_TRUE(codegen::emitLlvmIr(m, {0}, codegen::Target::Host, llvmIr, error)) << error;
    EXPECT_NE(llvmIr.find("\nlane.groups:"), std::string::npos) << "no loop over the groups";
    interp::InterpretedPatch reference(compileOptimised(text, 0));
    std::vector<float> expected = renderPatch(reference, 512, 12000);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 1e-2);
    checkMixedJit(text, expected);
  }
}

// Issue 15: every lane loop of a SIMD bank is vector code at -O2, a bank's without delay lines
// whose lanes write buffers of their own too (bench mixed's saws, which the lpf bank reads):
// the loop vectorizer cannot bound stores through the lanes' buffer indices, so such a loop is
// declared parallel, as a bank's with delay lines is. A lane loop it refused keeps its request
// for 8 lanes (llvm.loop.vectorize.width; 160 groups, as a bank's last group of 2 lanes would
// keep it too). The samples are the interpreter's
// (MixedGraphsCompileToBoundedCodeAndMatchTheInterpreter).
TEST(EngineTest, BankLaneLoopsThatWriteBuffersAreVectorized) {
  for (bool repeats : {true, false}) {
    std::string llvmIr, error;
    ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(mixedGroups(160, repeats), 2), {2, 1},
                                    codegen::Target::Host, llvmIr, error))
        << error;
    EXPECT_NE(llvmIr.find("<8 x float>"), std::string::npos);
    EXPECT_EQ(llvmIr.find("\"llvm.loop.vectorize.width\", i32 8"), std::string::npos)
        << (repeats ? "two banks and a Sum" : "one bank taking the Sum in")
        << ": a lane loop is scalar";
  }
}

TEST(EngineTest, ArenaFollowsTheSampleRateAtEveryInit) {
  // One patch initialised at 44.1, 96 and 8 kHz: the arena grows and shrinks with the rate,
  // and both engines fill and read it alike.
  const char* text = "out: saw 110 # comb 220 0.7 # reverb 0.9 0.2 0.5 # delay 0.3 0.6 0.5\n";
  std::string error;
  auto jit = codegen::compileJit(compileOptimised(text, 3), {3}, error);
  ASSERT_TRUE(jit) << error;
  interp::InterpretedPatch reference(compileOptimised(text, 0));
  for (float rate : {44100.0f, 96000.0f, 8000.0f}) {
    rt::RenderOptions options;
    options.sampleRate = rate;
    options.frames = static_cast<uint64_t>(rate / 2);
    std::vector<float> expected = rt::renderToBuffer(reference, options);
    EXPECT_EQ(maxDifference(expected, rt::renderToBuffer(*jit, options)), 0.0) << rate;
  }
}

// A large arena (W5 × 64's delay lines: 64 × 4 s at 48 kHz) is asked for on huge pages (a new
// one mapped zeroed by the kernel, with no memset); it is still zero-filled, on a huge-page
// boundary, and zeroed again when it is reused — on the calling thread, or in pieces on a
// pool's threads (a render's, before its first block), every byte of it either way.
TEST(EngineTest, ALargeArenaIsZeroFilledEachTimeItIsReset) {
  rt::ThreadPool two(2), three(3);
  const rt::PoolThreads none, onTwo{&rt::ThreadPool::parallelForC, &two, two.threads()},
      onThree{&rt::ThreadPool::parallelForC, &three, three.threads()};
  for (const rt::PoolThreads& pool : {none, onTwo, onThree}) {
    SCOPED_TRACE(pool.threads);
    rt::Arena arena;
    const uint64_t bytes = 64 * 4 * 48000 * sizeof(float) + 12;
    auto* data = static_cast<unsigned char*>(arena.reset(bytes, pool));
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % (uint64_t{2} << 20), 0u);
    for (uint64_t i = 0; i < bytes; i += 4093) ASSERT_EQ(data[i], 0) << i;
    EXPECT_EQ(data[bytes - 1], 0);
    std::memset(data, 0x5a, bytes);
    ASSERT_EQ(arena.reset(bytes / 2, pool), data) << "the block is reused";
    EXPECT_EQ(data[bytes / 2 - 1], 0);
    EXPECT_EQ(data[bytes / 2], 0x5a) << "only what was asked for is zeroed";
    ASSERT_EQ(arena.reset(bytes, pool), data);
    for (uint64_t i = 0; i < bytes; i += 4093) ASSERT_EQ(data[i], 0) << i;
    EXPECT_EQ(data[bytes - 1], 0);
  }
}

TEST(EngineTest, ArenaThatCannotBeAllocatedIsAClearError) {
  rt::Arena arena;
  EXPECT_EQ(arena.reset(0), nullptr);
  void* small = arena.reset(1000);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(small) % 64, 0u);
  EXPECT_EQ(static_cast<unsigned char*>(small)[999], 0);
  for (uint64_t bytes : {uint64_t{1} << 62, UINT64_MAX}) {
    try {
      arena.reset(bytes);
      ADD_FAILURE() << bytes << " bytes were allocated";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("cannot allocate the patch's delay lines"),
                std::string::npos)
          << e.what();
    }
  }
}

// Issue 15: a thread reads the node bitcode once, into a context of its own in which it makes
// every module it compiles from copies of the functions each uses (codegen/Compile.cpp,
// loadNodeKernels), and reads it afresh every 32 modules. Made again and again, across that
// renewal and with other patches' modules between, a patch's module is the same code, and its
// samples are the interpreter's, those of its code compiled before the renewal too.
TEST(EngineTest, ModulesMadeFromAThreadsNodeKernelsAreTheSameEachTime) {
  auto llvmIr = [](const char* text) {
    std::string out, error;
    EXPECT_TRUE(
        codegen::emitLlvmIr(compileOptimised(text, 2), {2}, codegen::Target::Host, out, error))
        << error;
    return out;
  };
  const char* patch = kPatches[6]; // delay lines, a comb and a reverb: arena and tables
  const std::string first = llvmIr(patch);
  std::string error;
  auto earlier = codegen::compileJit(compileOptimised(patch, 2), {2}, error);
  ASSERT_TRUE(earlier) << error;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(llvmIr(patch), first) << "compile " << i;
    (void)llvmIr(kPatches[i % 6]);
  }
  auto later = codegen::compileJit(compileOptimised(patch, 2), {2}, error);
  ASSERT_TRUE(later) << error;
  interp::InterpretedPatch reference(compileOptimised(patch, 0));
  std::vector<float> expected = renderPatch(reference, 512, 6000);
  EXPECT_EQ(maxDifference(expected, renderPatch(*earlier, 512, 6000)), 0.0);
  EXPECT_EQ(maxDifference(expected, renderPatch(*later, 512, 6000)), 0.0);
}

TEST(EngineTest, InitRestartsThePatch) {
  std::string error;
  auto jit = codegen::compileJit(compileOptimised(kPatches[2], 2), {2}, error);
  ASSERT_TRUE(jit) << error;
  EXPECT_EQ(renderPatch(*jit, 512, 4800), renderPatch(*jit, 512, 4800));
}

// -O1 and -O2 run Phonon's own pass pipeline (codegen/Compile.cpp, kernelPipeline), -O2 with the
// vectorizers: a SIMD bank's lane loop is vector code at -O2 and -O3, scalar at -O1; the samples
// are the same at every level (JitMatchesTheInterpreterAtEveryLevel).
TEST(EngineTest, OnlyO2AndO3VectorizeABank) {
  const char* bank = kPatches[9]; // 37 sines summed
  for (int level = 1; level <= 3; ++level) {
    std::string text, error;
    ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(bank, level), {level}, codegen::Target::Host,
                                    text, error))
        << error;
    EXPECT_EQ(text.find("@phn_"), std::string::npos) << "-O" << level << ": a tick not inlined";
    EXPECT_EQ(text.find("fmul <8 x float>") != std::string::npos, level >= 2) << "-O" << level;
  }
}

// A small patch without banks takes kernelPipeline's small pipeline at -O1 and -O2, its kernels
// inlined into phonon_process (inlineEverything): its ticks are still inlined and their state
// and arguments kept in registers (no alloca left), its loop is not unrolled (no remainder
// loop); the samples are the interpreter's (JitMatchesTheInterpreterAtEveryLevel: kPatches 0
// to 8 are small).
TEST(EngineTest, ASmallPatchKeepsItsTicksInlinedAndItsStateInRegisters) {
  const char* small = kPatches[2]; // saw → lpf, its cutoff swept by a sine
  for (int level = 1; level <= 2; ++level) {
    std::string text, error;
    ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(small, level), {level}, codegen::Target::Host,
                                    text, error))
        << error;
    EXPECT_EQ(text.find("@phn_"), std::string::npos) << "-O" << level << ": a tick not inlined";
    EXPECT_EQ(text.find(" alloca "), std::string::npos) << "-O" << level;
    EXPECT_EQ(text.find(".prol"), std::string::npos) << "-O" << level << ": unrolled";
    EXPECT_EQ(text.find("@phonon_kernel_"), std::string::npos) << "-O" << level;
  }
}

// A lone sine's sample loop is vector code at -O2: its fixed-point phase (Oscillators.h) is an
// induction, φ0 + n·step, where a float phase was a chain of floors from sample to sample.
TEST(EngineTest, ALoneSineIsAVectorLoop) {
  std::string text, error;
  ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(kPatches[0], 2), {2}, codegen::Target::Host,
                                  text, error))
      << error;
  EXPECT_NE(text.find("sitofp <"), std::string::npos) << text;
}

TEST(EngineTest, LlvmIrHasOneProcessFunctionWithEveryKernelInlined) {
  std::string text, error;
  ASSERT_TRUE(codegen::emitLlvmIr(compileOptimised(kPatches[3], 3), {3}, codegen::Target::Host,
                                  text, error))
      << error;
  size_t first = text.find("define void @phonon_process(");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find("define void @phonon_process(", first + 1), std::string::npos);
  EXPECT_EQ(text.find("@phn_"), std::string::npos);
}

} // namespace
} // namespace phonon::test
