// Bus voices in compiled code (LANGUAGE §8.4, patch ABI 7): a voice template's graph is compiled
// into the patch's own code, and the main descriptor lists it; the graph's descriptor runs as a
// patch of its own, its pitch scaled by the block context's voice_pitch. JIT and object files.
#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Mini.h"
#include "phonon/ir/Parser.h"
#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

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

ir::Module parseModule(int level) {
  SourceFile file("voices.pir", kModule);
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
  char path[] = "/tmp/phonon-voice-codegen-test-XXXXXX.o";
  int fd = mkstemps(path, 2);
  if (fd < 0) {
    error = "cannot create a temporary file";
    return nullptr;
  }
  bool written = write(fd, object.data(), object.size()) == static_cast<ssize_t>(object.size());
  close(fd);
  auto loaded = written ? codegen::loadObjectFile(path, error) : nullptr;
  std::remove(path);
  return loaded;
}

/// Runs a graph's descriptor from a fresh state for `frames` samples in blocks of 480, as a
/// host runs one voice: state and arena of the sizes it asks, one segment, no event slots.
/// Returns the left and right channels, one after the other.
std::vector<float> runGraph(const phonon_patch_descriptor& graph, float pitch, uint32_t frames) {
  constexpr uint32_t kBlock = 480;
  void* state = rt::allocateState(graph.state_size, graph.state_align);
  rt::Arena arena;
  graph.init(state, kRate, arena.reset(graph.arena_size(kRate, nullptr)), nullptr);
  std::vector<float> left(frames), right(frames);
  std::vector<float> buffers(static_cast<size_t>(graph.num_buffers) * kBlock);
  const uint32_t starts[] = {0};
  const double cps = static_cast<double>(graph.cps_num) / static_cast<double>(graph.cps_den);
  for (uint32_t at = 0; at < frames; at += kBlock) {
    float* outputs[] = {left.data() + at, right.data() + at};
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

} // namespace
} // namespace phonon::test
