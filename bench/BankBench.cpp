// SIMD banks against separate kernels (issue 13): for each node group of LANGUAGE §7, a patch
// of 64 same-shaped instances, each with its own parameters and (for the nodes that take `in`)
// its own saw, summed:
//     out: stack [lpf (saw 100) 300 0.7, lpf (saw 107) 340 0.7, …] * 0.01
// compiled twice by the -O3 pipeline — as is (vectorize-across-nodes makes the 64 copies one
// bank) and without vectorize-across-nodes (64 kernels of their own) — then rendered alternately
// in this process, ROUNDS times each. Prints per group what the pass made of it (a SIMD bank: one
// vectorised loop over lane-contiguous state; a loop bank: one loop over the lanes, lane by lane;
// or no bank, and why), the compile times, the realtime factors (seconds of audio per second of
// this thread's CPU time, median of the rounds) banked and unbanked and their ratio, and whether
// the two renders, and the interpreter on the banked module, give the same samples (tolerance 0).
// Usage: bank-bench [seconds=5] [rounds=3] [group …]
#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Frontend.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace phonon;
using Clock = std::chrono::steady_clock;

constexpr int kInstances = 64;
constexpr float kSampleRate = 48000.0f;

/// This thread's CPU time in seconds.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

/// A node group: its §7 section and instance k of it.
struct Group {
  const char* name;
  const char* section;
  std::function<std::string(int)> instance;
};

/// Instance k's own input: a saw of its own frequency.
std::string saw(int k) {
  return "(saw " + number(100 + 7 * k) + ")";
}

std::vector<Group> groups() {
  return {
      {"sine", "7.1 oscillators", [](int k) { return "sine " + number(100 + 7 * k); }},
      {"saw", "7.1 oscillators", [](int k) { return "saw " + number(100 + 7 * k); }},
      {"noise", "7.1 noise", [](int k) { return "noise * " + number(0.01 * (k + 1)); }},
      {"lpf", "7.3 SVF",
       [](int k) { return "lpf " + saw(k) + " " + number(300 + 40 * k) + " 0.7"; }},
      {"bq_lp", "7.3 RBJ biquad",
       [](int k) { return "bq_lp " + saw(k) + " " + number(300 + 40 * k) + " 0.7"; }},
      {"moog", "7.3 moog ladder",
       [](int k) { return "moog " + saw(k) + " " + number(300 + 40 * k) + " 0.5"; }},
      {"comb", "7.3 comb",
       [](int k) { return "comb " + saw(k) + " " + number(200 + 10 * k) + " 0.5"; }},
      {"allpass", "7.3 allpass",
       [](int k) { return "allpass " + saw(k) + " " + number(0.01 * k - 0.3); }},
      {"lag", "7.4 envelopes (one-pole)",
       [](int k) { return "lag " + saw(k) + " " + number(0.01 + 0.001 * k); }},
      {"env", "7.4 envelopes (ADSR)",
       [](int k) { return "env 0.01 " + number(0.1 + 0.01 * k) + " 0.5 0.2"; }},
      {"ad", "7.4 envelopes (cycle)", [](int k) { return "ad 0.01 " + number(0.1 + 0.001 * k); }},
      {"delay", "7.5 delays",
       [](int k) { return "delay " + saw(k) + " " + number(0.01 + 0.001 * k) + " 0.5 0.5"; }},
      {"chorus", "7.5 modulation (delay)",
       [](int k) { return "chorus " + saw(k) + " " + number(0.2 + 0.01 * k) + " 0.5 0.3"; }},
      {"flanger", "7.5 modulation (delay)",
       [](int k) { return "flanger " + saw(k) + " 0.5 " + number(0.2 + 0.01 * k) + " 0.5"; }},
      {"vibrato", "7.5 modulation (delay)",
       [](int k) { return "vibrato " + saw(k) + " " + number(4 + 0.05 * k) + " 0.5"; }},
      {"fchorus", "7.5 modulation (delay)",
       [](int k) { return "fchorus " + saw(k) + " 0.005 0.3 " + number(0.5 + 0.01 * k); }},
      {"tapedelay", "7.5 delays (tape)",
       [](int k) { return "tapedelay " + saw(k) + " " + number(0.01 + 0.001 * k) + " 0.5"; }},
      {"pitch_shift", "7.5 delays (pitch)",
       [](int k) { return "pitch_shift " + saw(k) + " " + number(-12 + 0.3 * k); }},
      {"granular", "7.5 delays (grains)",
       [](int k) { return "granular " + saw(k) + " 50 20 " + number(0.5 + 0.02 * k); }},
      {"freeze", "7.5 delays (freeze)",
       [](int k) { return "freeze " + saw(k) + " " + number(k % 2); }},
      {"limiter", "7.6 dynamics (lookahead)",
       [](int k) { return "limiter " + saw(k) + " " + number(0.3 + 0.01 * k); }},
      {"amp_follower", "7.9 analysis (window)",
       [](int k) { return "amp_follower " + saw(k) + " 0.01 0.1 " + number(0.01 + 0.001 * k); }},
      {"reverb", "7.5 reverb (Freeverb)",
       [](int k) { return "reverb " + saw(k) + " " + number(0.2 + 0.01 * k) + " 0.5"; }},
      {"pluck", "7.1 sources (delay line)",
       [](int k) { return "pluck " + number(100 + 7 * k) + " 0.5"; }},
      {"waveguide", "7.1 sources (delay line)",
       [](int k) { return "waveguide " + number(100 + 7 * k) + " 0.3 0.2"; }},
      {"rms", "7.9 analysis (window)",
       [](int k) { return "rms " + saw(k) + " " + number(0.01 + 0.001 * k); }},
      {"tremolo", "7.5 modulation",
       [](int k) { return "tremolo " + saw(k) + " " + number(2 + 0.1 * k) + " 0.5"; }},
      {"distort", "7.5 distortion",
       [](int k) { return "distort " + saw(k) + " " + number(2 + 0.1 * k) + " 0.5"; }},
      {"compressor", "7.6 dynamics",
       [](int k) { return "compressor " + saw(k) + " " + number(-20 - 0.1 * k) + " 4"; }},
      {"tanh", "7.8 math",
       [](int k) { return "tanh (" + saw(k) + " * " + number(1.5 + 0.1 * k) + ")"; }},
  };
}

std::string source(const Group& g) {
  std::string text = "out: stack [";
  for (int k = 0; k < kInstances; ++k) text += (k ? ", " : "") + g.instance(k);
  return text + "] * 0.01\n";
}

struct Compiled {
  ir::Module module; ///< after the passes
  std::unique_ptr<rt::Patch> patch;
  double passSeconds = 0, llvmSeconds = 0;
};

/// The patch through the -O3 pipeline, with or without vectorize-across-nodes, then the JIT.
std::optional<Compiled> compile(const std::string& text, bool banks, std::string& error) {
  SourceFile file("<bank-bench>", text);
  DiagnosticEngine diags(&file);
  ast::Program program = parse(file, diags);
  std::optional<ir::Module> m = lowerToIr(program, file, diags);
  if (!m || diags.hasErrors()) {
    std::ostringstream messages;
    diags.flush(messages);
    error = messages.str();
    return std::nullopt;
  }
  Compiled c;
  std::vector<const passes::Pass*> pipeline;
  for (const passes::Pass* pass : passes::pipelineForLevel(3))
    if (banks || std::strcmp(pass->name, "vectorize-across-nodes") != 0) pipeline.push_back(pass);
  std::ostringstream quiet, errors;
  Clock::time_point t0 = Clock::now();
  if (!passes::runPasses(*m, pipeline, passes::PassManagerOptions{}, quiet, errors)) {
    error = errors.str();
    return std::nullopt;
  }
  Clock::time_point t1 = Clock::now();
  c.patch = codegen::compileJit(*m, codegen::CodegenOptions{3}, error);
  c.passSeconds = std::chrono::duration<double>(t1 - t0).count();
  c.llvmSeconds = std::chrono::duration<double>(Clock::now() - t1).count();
  if (!c.patch) return std::nullopt;
  c.module = std::move(*m);
  return c;
}

/// What vectorize-across-nodes made of the 64 instances: the widest kernel's lanes, and whether
/// that bank runs as SIMD (ir::laneContiguous) and adds its lanes into the sum itself.
std::string bankKind(const ir::Module& m, std::string& reason) {
  uint32_t widest = 0, lanes = 1;
  for (uint32_t k = 0; k < m.schedule.kernels.size(); ++k)
    if (m.schedule.kernels[k].lanes > lanes) widest = k, lanes = m.schedule.kernels[k].lanes;
  if (lanes < 2) {
    reason = "no kernel has lanes";
    // vectorize-across-nodes keeps out the nodes with an arena whose banks are slower.
    for (const ir::Instr& in : m.instrs)
      if (in.op == ir::Opcode::Node && in.node->arena && !in.node->has(nodes::NodeArenaBanks)) {
        reason = std::string("arena state: ") + in.node->name + " is not NodeArenaBanks";
        break;
      }
    return "no bank";
  }
  const bool simd = ir::laneContiguous(m, widest);
  std::string kind = (simd ? "SIMD " : "loop ") + std::to_string(lanes);
  if (!simd) {
    // ir::laneContiguous's conditions, in its order: which one the bank's nodes miss.
    for (const ir::Instr& in : m.instrs) {
      if (in.kernel != widest || in.op != ir::Opcode::Node) continue;
      if (in.node->stateSize % 4 != 0 || in.node->stateAlign > ir::kMaxLaneStateAlign)
        reason = std::string(in.node->name) + " state not 4-byte words";
      else if (in.node->arena && !in.node->has(nodes::NodeArenaBanks))
        reason = std::string(in.node->name) + " arena";
      else
        for (unsigned p = 0; p < in.node->numPorts; ++p)
          if (in.node->ports[p].flags & (nodes::PortConstant | nodes::PortList | nodes::PortFile))
            reason = std::string(in.node->name) + " constant port";
      if (!reason.empty()) break;
    }
  }
  if (lanes < kInstances && reason.empty())
    reason = std::to_string(kInstances - lanes) + " instance(s) of another shape";
  return kind + (ir::bankSum(m, widest) != ir::kNone ? "+sum" : "");
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Seconds of this thread's CPU time to render `frames` from the initial state.
double timeRender(rt::Patch& patch, uint64_t frames, std::vector<float>* keep) {
  rt::RenderOptions options;
  options.sampleRate = kSampleRate;
  options.frames = frames;
  options.threads = 1;
  double t0 = cpuSeconds();
  std::vector<float> out = rt::renderToBuffer(patch, options);
  double t = cpuSeconds() - t0;
  if (keep) *keep = std::move(out);
  return t;
}

float maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return INFINITY;
  float d = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    // Bit patterns: NaN equal to NaN, −0 different from +0.
    if (std::memcmp(&a[i], &b[i], sizeof(float)) == 0) continue;
    d = std::max(d, a[i] == b[i] ? 1e-38f : std::fabs(a[i] - b[i]));
  }
  return d;
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  if (!(seconds > 0)) seconds = 5.0;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (rounds < 1) rounds = 3;
  std::vector<std::string> only(argv + std::min(argc, 3), argv + argc);
  const auto frames = static_cast<uint64_t>(seconds * kSampleRate);
  std::printf("bank-bench: %d instances per group, %g s at 48 kHz, one thread, -O3, median of "
              "%d alternate renders; realtime factors by this thread's CPU time\n",
              kInstances, seconds, rounds);
  std::printf("%-12s %-13s %-26s %6s %6s %8s %8s %6s  %s\n", "group", "bank", "LANGUAGE section",
              "compile", "(nobank)", "banked", "unbanked", "ratio", "samples");
  int failures = 0;
  for (const Group& g : groups()) {
    if (!only.empty() && std::find(only.begin(), only.end(), g.name) == only.end()) continue;
    std::string text = source(g), error;
    std::optional<Compiled> banked = compile(text, true, error);
    std::optional<Compiled> unbanked = banked ? compile(text, false, error) : std::nullopt;
    if (!banked || !unbanked) {
      std::printf("%-12s cannot compile: %s\n", g.name, error.c_str());
      ++failures;
      continue;
    }
    std::string reason;
    std::string kind = bankKind(banked->module, reason);
    std::vector<double> withBank, without;
    std::vector<float> a, b;
    for (int r = 0; r < rounds; ++r) {
      // Alternate which goes first, so neither always follows the other's cache state.
      bool bankFirst = r % 2 == 0;
      for (int i = 0; i < 2; ++i) {
        bool bank = (i == 0) == bankFirst;
        double t = timeRender(bank ? *banked->patch : *unbanked->patch, frames,
                              r == 0 ? (bank ? &a : &b) : nullptr);
        (bank ? withBank : without).push_back(seconds / t);
      }
    }
    // The interpreter runs the banked module's lanes on its own (its lane-contiguous state
    // included): its first 0.1 s against the JIT's.
    interp::InterpretedPatch interpreted(banked->module);
    std::vector<float> reference;
    timeRender(interpreted, static_cast<uint64_t>(0.1 * kSampleRate), &reference);
    std::vector<float> head(a.begin(), a.begin() + std::min(a.size(), reference.size()));
    float jitDiff = maxDifference(a, b), interpDiff = maxDifference(reference, head);
    std::string samples =
        jitDiff == 0 && interpDiff == 0
            ? "identical"
            : "DIFFER (jit " + number(jitDiff) + ", interp " + number(interpDiff) + ")";
    failures += samples != "identical";
    double banks = median(withBank), plain = median(without);
    std::printf("%-12s %-13s %-26s %5.2fs %7.2fs %7.0fx %7.0fx %6.2f  %s%s%s\n", g.name,
                kind.c_str(), g.section, banked->passSeconds + banked->llvmSeconds,
                unbanked->passSeconds + unbanked->llvmSeconds, banks, plain, banks / plain,
                samples.c_str(), reason.empty() ? "" : "; ", reason.c_str());
    std::fflush(stdout);
  }
  return failures == 0 ? 0 : 1;
}
