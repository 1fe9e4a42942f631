// Bus voices in compiled code (LANGUAGE §8.4, patch ABI 7): a voice template's graph is compiled
// into the patch's own code, and the main descriptor lists it; the graph's descriptor runs as a
// patch of its own, its pitch scaled by the block context's voice_pitch. So is the graph of the
// buses the voices share (its stems), which the templates read through voice_inputs. JIT and
// object files.
#include "ObjectFileSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Mini.h"
#include "phonon/ir/Parser.h"
#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <unistd.h>

namespace phonon::test {
namespace {

constexpr float kRate = 48000.0f;

// The main patch plays a saw; the template `~pad` is `sine (440 * voice.pitch)`, a mono value
// as its output pair.
const char* const kModule = R"(patch "voices.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  out 0, %2
}
voice ~pad patch "voices.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = voice.pitch : f32 block
  %2 = mul(a %0, b %1) : f32 block
  %3 = const 0 : f32 const
  %4 = sine(freq %2, st %3) : f32 audio
  out 0, %4
}
)";

// The template `~pad` is `sine 440` times shared channel 0 on the left and channel 3 on the
// right; `~cross` reads four channels, each by two products, so that the passes put the four
// voice.input in one bank of lanes. The shared graph's stems are ~lfo = sine 3 Hz × 0.5 and
// ~wobble = sine 5 Hz × 0.25.
const char* const kSharedModule = R"(patch "voices.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  out 0, %2
}
voice ~pad patch "voices.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = voice.input 0 : f32 audio
  %4 = mul(a %2, b %3) : f32 audio
  %5 = voice.input 3 : f32 audio
  %6 = mul(a %2, b %5) : f32 audio
  out 0, %4, %6
}
voice ~cross patch "voices.ph" cps 1/2 {
  %0 = voice.input 0 : f32 audio
  %1 = voice.input 1 : f32 audio
  %2 = voice.input 2 : f32 audio
  %3 = voice.input 3 : f32 audio
  %4 = mul(a %0, b %1) : f32 audio
  %5 = mul(a %1, b %2) : f32 audio
  %6 = mul(a %2, b %3) : f32 audio
  %7 = mul(a %3, b %0) : f32 audio
  %8 = add(a %4, b %5) : f32 audio
  %9 = add(a %6, b %7) : f32 audio
  %10 = add(a %8, b %9) : f32 audio
  out 0, %10
}
voice.shared ~lfo ~wobble patch "voices.ph" cps 1/2 {
  %0 = const 3 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = const 5 : f32 const
  %6 = sine(freq %5, st %1) : f32 audio
  %7 = const 0.25 : f32 const
  %8 = mul(a %6, b %7) : f32 audio
  stem 0, %4
  stem 1, %8
}
)";

ir::Module parseModule(int level, const char* text = kModule) {
  SourceFile file("voices.pir", text);
  DiagnosticEngine diags(&file);
  std::optional<ir::Module> m = ir::parse(file, parseMini, diags);
  std::ostringstream errors;
  diags.flush(errors);
  EXPECT_TRUE(m) << errors.str();
  if (!m) return {};
  EXPECT_EQ(ir::verify(*m), std::vector<std::string>{});
  std::ostringstream sink;
  EXPECT_TRUE(passes::runPasses(*m, passes::pipelineForLevel(level), {}, sink, sink));
  return std::move(*m);
}

std::unique_ptr<rt::Patch> loadThroughObjectFile(const ir::Module& m, int level,
                                                 std::string& error) {
  std::string object;
  if (!codegen::emitObject(m, {level}, codegen::Target::Portable, object, error)) return nullptr;
  return loadObjectBytes(object, error);
}

/// Runs a graph's descriptor from a fresh state for `frames` samples in blocks of 480, as a
/// host runs one voice: state and arena of the sizes it asks, one segment, no event slots,
/// `inputs` (whole channels) as its voice_inputs and, when `stems` is given, its stems written
/// there (2 × num_stems channels), else none asked for. Returns the left and right channels,
/// one after the other.
std::vector<float> runGraph(const phonon_patch_descriptor& graph, float pitch, uint32_t frames,
                            const std::vector<std::vector<float>>& inputs = {},
                            std::vector<std::vector<float>>* stems = nullptr) {
  constexpr uint32_t kBlock = 480;
  void* state = rt::allocateState(graph.state_size, graph.state_align);
  rt::Arena arena;
  graph.init(state, kRate, arena.reset(graph.arena_size(kRate, nullptr)), nullptr);
  std::vector<float> left(frames), right(frames);
  std::vector<float> buffers(static_cast<size_t>(graph.num_buffers) * kBlock);
  const uint32_t starts[] = {0};
  const double cps = static_cast<double>(graph.cps_num) / static_cast<double>(graph.cps_den);
  if (stems) stems->assign(2 * graph.num_stems, std::vector<float>(frames, -1.0f));
  std::vector<const float*> inputChannels(inputs.size());
  std::vector<float*> stemChannels(stems ? stems->size() : 0);
  for (uint32_t at = 0; at < frames; at += kBlock) {
    float* outputs[] = {left.data() + at, right.data() + at};
    for (size_t c = 0; c < inputs.size(); ++c) inputChannels[c] = inputs[c].data() + at;
    for (size_t c = 0; c < stemChannels.size(); ++c) stemChannels[c] = (*stems)[c].data() + at;
    phonon_block_context ctx{};
    ctx.frames = std::min(kBlock, frames - at);
    ctx.num_channels = graph.num_output_channels;
    ctx.outputs = outputs;
    ctx.frame_position = at;
    ctx.cycle_begin = at / static_cast<double>(kRate) * cps;
    ctx.cycle_end = (at + ctx.frames) / static_cast<double>(kRate) * cps;
    ctx.num_segments = 1;
    ctx.num_event_slots = 0;
    ctx.segment_starts = starts;
    ctx.cps = cps;
    ctx.buffers = buffers.data();
    ctx.buffer_stride = kBlock;
    ctx.voice_pitch = pitch;
    ctx.stem_outputs = stems ? stemChannels.data() : nullptr;
    ctx.voice_inputs = inputs.empty() ? nullptr : inputChannels.data();
    graph.process(state, &ctx);
  }
  rt::freeState(state);
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

/// The frequency of a periodic signal from its upward zero crossings (each placed between its
/// two samples by linear interpolation): whole periods between the first and the last.
double zeroCrossingHz(const float* x, size_t n) {
  double first = -1, last = -1;
  size_t periods = 0;
  for (size_t i = 1; i < n; ++i) {
    if (!(x[i - 1] < 0.0f && x[i] >= 0.0f)) continue;
    double t = static_cast<double>(i - 1) + x[i - 1] / (x[i - 1] - x[i]);
    if (first < 0)
      first = t;
    else
      ++periods;
    last = t;
  }
  return periods == 0 ? 0.0 : static_cast<double>(periods) * kRate / (last - first);
}

void expectTheTemplateRuns(rt::Patch& patch, const std::string& what) {
  SCOPED_TRACE(what);
  auto* compiled = dynamic_cast<rt::DescriptorPatch*>(&patch);
  ASSERT_NE(compiled, nullptr);
  const phonon_patch_descriptor& d = *compiled->descriptor();
  ASSERT_EQ(d.num_voice_templates, 1u);
  ASSERT_NE(d.voice_templates, nullptr);
  EXPECT_STREQ(d.voice_templates[0].bus, "pad");
  ASSERT_NE(d.voice_templates[0].graph, nullptr);
  const phonon_patch_descriptor& graph = *d.voice_templates[0].graph;
  EXPECT_NE(&graph, &d);
  EXPECT_EQ(graph.abi_version, PHONON_PATCH_ABI_VERSION);
  EXPECT_EQ(graph.num_output_channels, 2u);
  EXPECT_GT(graph.state_size, 0u);
  EXPECT_EQ(graph.num_voice_templates, 0u);
  EXPECT_EQ(graph.voice_templates, nullptr);
  EXPECT_EQ(graph.num_stems, 0u);
  ASSERT_TRUE(graph.init && graph.process && graph.arena_size);
  EXPECT_NE(graph.process, d.process);

  constexpr uint32_t kFrames = 4800; // 0.1 s
  for (float pitch : {2.0f, 1.0f}) {
    std::vector<float> out = runGraph(graph, pitch, kFrames);
    const float* left = out.data();
    const float* right = out.data() + kFrames;
    const double expected = 440.0 * pitch;
    EXPECT_NEAR(zeroCrossingHz(left, kFrames), expected, expected * 0.01) << "pitch " << pitch;
    // A mono output is its pair's left and right alike.
    EXPECT_EQ(std::memcmp(left, right, kFrames * sizeof(float)), 0) << "pitch " << pitch;
  }
}

TEST(VoiceCodegenTest, TheJitCompilesAndRunsAVoiceTemplateAtEveryLevel) {
  for (int level : {0, 2}) {
    ir::Module m = parseModule(level);
    ASSERT_EQ(m.voiceTemplates.size(), 1u);
    std::string error;
    auto jit = codegen::compileJit(m, {level}, error);
    ASSERT_TRUE(jit) << error;
    expectTheTemplateRuns(*jit, "JIT -O" + std::to_string(level));
  }
}

TEST(VoiceCodegenTest, AnObjectFileCarriesItsVoiceTemplates) {
  for (int level : {0, 2}) {
    ir::Module m = parseModule(level);
    std::string error;
    auto loaded = loadThroughObjectFile(m, level, error);
    ASSERT_TRUE(loaded) << error;
    expectTheTemplateRuns(*loaded, "object file -O" + std::to_string(level));
  }
}

TEST(VoiceCodegenTest, APatchWithoutTemplatesListsNone) {
  ir::Module m = parseModule(2);
  m.voiceTemplates.clear();
  std::string error;
  auto jit = codegen::compileJit(m, {2}, error);
  ASSERT_TRUE(jit) << error;
  const phonon_patch_descriptor& d = *dynamic_cast<rt::DescriptorPatch&>(*jit).descriptor();
  EXPECT_EQ(d.num_voice_templates, 0u);
  EXPECT_EQ(d.voice_templates, nullptr);
}

/// The shared graph's descriptor as the main one points at it; its stems are the buses.
void expectTheSharedGraphRuns(const phonon_patch_descriptor& d) {
  ASSERT_NE(d.voice_shared, nullptr);
  const phonon_patch_descriptor& shared = *d.voice_shared;
  EXPECT_NE(&shared, &d);
  EXPECT_EQ(shared.abi_version, PHONON_PATCH_ABI_VERSION);
  EXPECT_EQ(shared.num_stems, 2u);
  EXPECT_EQ(shared.num_voice_templates, 0u);
  EXPECT_EQ(shared.voice_shared, nullptr);
  ASSERT_TRUE(shared.init && shared.process && shared.arena_size);
  EXPECT_NE(shared.process, d.process);
  for (uint32_t t = 0; t < d.num_voice_templates; ++t)
    EXPECT_EQ(d.voice_templates[t].graph->voice_shared, nullptr) << d.voice_templates[t].bus;

  constexpr uint32_t kFrames = 4800; // 0.1 s, ten blocks
  std::vector<std::vector<float>> stems;
  runGraph(shared, 1.0f, kFrames, {}, &stems);
  ASSERT_EQ(stems.size(), 4u);
  const double pi = std::acos(-1.0);
  for (uint32_t s = 0; s < 2; ++s) {
    const double hz = s == 0 ? 3.0 : 5.0, gain = s == 0 ? 0.5 : 0.25;
    size_t wrong = 0;
    for (uint32_t i = 0; i < kFrames; ++i)
      wrong += std::fabs(stems[2 * s][i] - gain * std::sin(2 * pi * hz * i / kRate)) > 1e-4;
    EXPECT_EQ(wrong, 0u) << "stem " << s << " is not sine " << hz << " Hz × " << gain;
    // A mono bus is its stem's left and right alike.
    EXPECT_EQ(stems[2 * s], stems[2 * s + 1]) << "stem " << s;
  }
  // The host that asks for no stems gets the mix-only version: it writes silence, no stems.
  std::vector<float> mix = runGraph(shared, 1.0f, 960);
  EXPECT_EQ(std::count(mix.begin(), mix.end(), 0.0f), static_cast<long>(mix.size()));
}

/// The templates multiply by the shared channels the host hands them, sample by sample.
void expectTheTemplatesReadTheSharedChannels(const phonon_patch_descriptor& d) {
  ASSERT_EQ(d.num_voice_templates, 2u);
  ASSERT_STREQ(d.voice_templates[0].bus, "pad");
  ASSERT_STREQ(d.voice_templates[1].bus, "cross");
  const phonon_patch_descriptor& pad = *d.voice_templates[0].graph;
  const phonon_patch_descriptor& cross = *d.voice_templates[1].graph;

  // Four channels of different shapes, none of them block-constant: a ramp, a constant, a
  // square of ±0.75 and a ramp down.
  constexpr uint32_t kFrames = 4800;
  std::vector<std::vector<float>> inputs(4, std::vector<float>(kFrames));
  for (uint32_t i = 0; i < kFrames; ++i) {
    inputs[0][i] = static_cast<float>(i) / kFrames;
    inputs[1][i] = 0.25f;
    inputs[2][i] = (i / 37) % 2 ? 0.75f : -0.75f;
    inputs[3][i] = 1.0f - static_cast<float>(i) / kFrames;
  }
  // `sine 440` alone: the same graph reading ones.
  std::vector<float> sine = runGraph(
      pad, 1.0f, kFrames, std::vector<std::vector<float>>(4, std::vector<float>(kFrames, 1.0f)));
  EXPECT_NEAR(zeroCrossingHz(sine.data(), kFrames), 440.0, 440.0 * 0.01);

  std::vector<float> out = runGraph(pad, 1.0f, kFrames, inputs);
  size_t wrongLeft = 0, wrongRight = 0;
  for (uint32_t i = 0; i < kFrames; ++i) {
    wrongLeft += out[i] != sine[i] * inputs[0][i];
    wrongRight += out[kFrames + i] != sine[kFrames + i] * inputs[3][i];
  }
  EXPECT_EQ(wrongLeft, 0u) << "left is not sine × voice.input 0";
  EXPECT_EQ(wrongRight, 0u) << "right is not sine × voice.input 3";

  // Four voice.input in one bank of lanes (at -O2) read their own channels too.
  out = runGraph(cross, 1.0f, kFrames, inputs);
  size_t wrong = 0;
  for (uint32_t i = 0; i < kFrames; ++i) {
    float a = inputs[0][i], b = inputs[1][i], c = inputs[2][i], e = inputs[3][i];
    float expected = a * b + b * c + (c * e + e * a);
    wrong += std::fabs(out[i] - expected) > 1e-6f || out[kFrames + i] != out[i];
  }
  EXPECT_EQ(wrong, 0u) << "~cross is not the sum of the channels' products";
}

TEST(VoiceCodegenTest, TheJitCompilesTheSharedBusesAndTheTemplatesReadThem) {
  for (int level : {0, 2}) {
    SCOPED_TRACE("JIT -O" + std::to_string(level));
    ir::Module m = parseModule(level, kSharedModule);
    ASSERT_EQ(m.voiceShared.size(), 1u);
    std::string error;
    auto jit = codegen::compileJit(m, {level}, error);
    ASSERT_TRUE(jit) << error;
    const phonon_patch_descriptor& d = *dynamic_cast<rt::DescriptorPatch&>(*jit).descriptor();
    expectTheSharedGraphRuns(d);
    expectTheTemplatesReadTheSharedChannels(d);
  }
}

TEST(VoiceCodegenTest, AnObjectFileCarriesTheSharedBuses) {
  for (int level : {0, 2}) {
    SCOPED_TRACE("object file -O" + std::to_string(level));
    ir::Module m = parseModule(level, kSharedModule);
    std::string error;
    auto loaded = loadThroughObjectFile(m, level, error);
    ASSERT_TRUE(loaded) << error;
    const phonon_patch_descriptor& d = *dynamic_cast<rt::DescriptorPatch&>(*loaded).descriptor();
    expectTheSharedGraphRuns(d);
    expectTheTemplatesReadTheSharedChannels(d);
  }
}

TEST(VoiceCodegenTest, APatchWithoutSharedBusesPointsAtNone) {
  ir::Module m = parseModule(2);
  std::string error;
  auto jit = codegen::compileJit(m, {2}, error);
  ASSERT_TRUE(jit) << error;
  const phonon_patch_descriptor& d = *dynamic_cast<rt::DescriptorPatch&>(*jit).descriptor();
  EXPECT_EQ(d.voice_shared, nullptr);
  EXPECT_EQ(d.voice_templates[0].graph->voice_shared, nullptr);
}

} // namespace
} // namespace phonon::test
