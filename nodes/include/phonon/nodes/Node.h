// The contract between a DSP node and the two engines that run it (DESIGN §4).
//
// A node is a row of NodeTable.def (name, ports, doc …) and, once written, a kernel struct with
// a State and a per-sample `tick`. Kernels.cpp wraps
// every node in two extern "C" functions (phn_<name>_init, phn_<name>_tick); they are compiled
// natively for the interpreter and by clang into bitcode that the JIT links and inlines.
// This header is plain C++ with no dependencies so that it compiles in both worlds.
#pragma once

#include "phonon/nodes/FastMath.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace phonon::nodes {

/// What a kernel sees of the engine; lives at the start of a patch's state block.
struct Env {
  float sampleRate;
  float invSampleRate;
  double startCycle; ///< the cycle position of the first sample (setCycle, nudge), exactly
};

/// The groups of LANGUAGE §7 (Arithmetic covers the operators and §7.8).
enum class Group : uint8_t {
  Oscillator,
  Noise,
  Filter,
  Arithmetic,
  Pattern,
  Envelope,
  Effect,
  Dynamics,
  Spatial,
  Analysis,
};

enum PortFlags : uint32_t {
  PortRequired = 1,          ///< no default: the user must give it
  PortSignal = 2,            ///< a signal input (`in`, operands): passed through unsanitised
  PortConstant = 4,          ///< a compile-time number (`!` in LANGUAGE §7)
  PortWords = 8,             ///< a string here is a pattern of words (`wave "saw"`)
  PortBools = 16,            ///< a string here is a pattern of booleans
  PortList = 32,             ///< a list `[1, 0.5]` or a string of numbers read as one
  PortVariadic = 64,         ///< the last port repeats (`mix a b …`)
  PortLeadingOptional = 128, ///< present only when every later port is given (`lush`)
  PortInternal = 256,        ///< filled by sema, never written by the user (`phasor`'s tempo); last
  PortFile = 512,            ///< one quoted sample name, not a pattern (`convolve`'s `ir`)
  // Units: what a number at the port means. The listing shows them; sema converts by PortHz.
  PortHz = 1u << 10,        ///< a frequency: a pitch (`"c4"`, a `note`) arriving here becomes Hz
  PortPitch = 1u << 11,     ///< a pitch parameter that bus voices transpose (§7 preamble, §8.4)
  PortSemitones = 1u << 12, ///< an interval in semitones
  PortSeconds = 1u << 13,   ///< a time in seconds
  PortDecibels = 1u << 14,  ///< a level or gain in dB
  PortGain = 1u << 15,      ///< a linear amplitude factor
  /// An event-stream port (LANGUAGE §7.2, §8): it takes a pattern (a number is a pure pattern)
  /// and holds the value of the event §4.3 selects; two trailing internal ports carry the rest
  /// of the stream, read from the same pattern: PortEventOnset is 1 on the onset sample of each
  /// event only (one pulse per event, equal successive values included), PortEventActive is 1
  /// while an event is active (0 in rests and before the first event). The k-th onset port and
  /// the k-th active port belong to the k-th PortEvents port.
  PortEvents = 1u << 16,
  PortEventOnset = 1u << 17,
  PortEventActive = 1u << 18,
  /// A file port (with PortFile) that names a file the node writes, not a sample to load
  /// (`tap`'s `file`): a path relative to the current directory. The next port is its length
  /// in seconds, a constant. The host hands init a zero-filled buffer of round(seconds·sr)
  /// frames × the node's outputs (interleaved) as the port's ConstArg, which the node fills
  /// while it runs, and writes the file from it after a render (rt::renderToFiles).
  PortOutputFile = 1u << 19,
};

/// The unit a port's flags give it, as the listing writes it ("" for a plain number).
constexpr const char* unitName(uint32_t flags) {
  if (flags & PortHz) return "Hz";
  if (flags & PortSemitones) return "st";
  if (flags & PortSeconds) return "s";
  if (flags & PortDecibels) return "dB";
  if (flags & PortGain) return "gain";
  return "";
}

struct PortInfo {
  const char* name;
  float defaultValue; ///< for a required port: the value a non-finite input is replaced by
  float min, max;     ///< clamp range; min > max means unbounded
  uint32_t flags;
  const char* unit; ///< unitName(flags): derived, never written by hand
  const char* doc;
  const char* defaultWord; ///< PortWords: the default word (`saw`), or nullptr
  /// PortWords: the only words a string here may hold, space-separated (`"a e i o u"`); word k
  /// reaches the node as the number k, and sema rejects any other word. nullptr: any word.
  const char* words = nullptr;

  /// The same port, clamped to [lo, hi].
  constexpr PortInfo within(float lo, float hi) const {
    PortInfo p = *this;
    p.min = lo;
    p.max = hi;
    return p;
  }
  /// The same word port, taking only `list` (space-separated), word k as the number k.
  constexpr PortInfo oneOf(const char* list) const {
    PortInfo p = *this;
    p.flags |= PortWords;
    p.words = list;
    return p;
  }
  /// The same (required) port with `value` replacing a non-finite input.
  constexpr PortInfo fallback(float value) const {
    PortInfo p = *this;
    p.defaultValue = value;
    return p;
  }
};

enum NodeFlags : uint32_t {
  NodeStateful = 1, ///< carries state across samples: never folded, never merged
  NodeRandom = 2,   ///< seeded from its stable identity (two instances differ)
  NodeOperator = 4, ///< an arithmetic operator, not callable by name
  NodeHasInput = 8, ///< port 0 is the `in` signal (filters, effects)
  /// A pattern function or control of the §7 tables (`s`, `run`, `scale`): sema builds it, it
  /// is never an IR node; table() lists it, catalogue() does not.
  NodePatternFunction = 16,
  NodeStereoOutput = 32, ///< always outputs a stereo pair, whatever its inputs (`pan2`)
  /// Works on channels, not samples (`pan`, `mono`, `stereo` …): it has no tick of its own, and
  /// the split-channels lowering (ir/Channels.h) replaces it by per-channel nodes and arithmetic.
  NodeChannels = 64,
  /// Sema writes it as other IR, never as a node: `mix` is the n-ary sum (ir::Opcode::Sum) of
  /// mono signals and a chain of per-channel additions of stereo ones; `synth` and the `*_trig`
  /// sources are sound patterns whose voices the runtime plays (ir::Opcode::Voices).
  NodeLoweredBySema = 128,
  /// A node with an arena whose bank bank-bench measured faster than separate kernels: its
  /// kernel declares `kArenaBanks`, and vectorize-across-nodes banks it (lane-contiguous, its
  /// lane loop vectorised where the tick has no loop of its own: delay, comb, chorus …). An
  /// arena node without it stays out of banks, where its bank was slower (bench/RESULTS.md).
  NodeArenaBanks = 256,
};

/// A constant argument as a node's init receives it: the items of a constant list port
/// (`additive`'s `[1, 0.5]`), or the one value of a constant number port (`!`).
struct ConstArg {
  const float* items;
  uint32_t count;
};

/// Every slice of a patch's arena starts at a multiple of this.
constexpr uint64_t kArenaAlign = 64;
constexpr uint64_t arenaRoundUp(uint64_t bytes) {
  return (bytes + kArenaAlign - 1) / kArenaAlign * kArenaAlign;
}

/// What init receives besides the state, the Env and the seed (the node contract, DESIGN §4).
/// State sized at init: a node whose memory depends on the sample rate or on its constant
/// arguments (delay lines, combs, reverbs) says how many bytes it needs (ArenaFn, called with
/// `arena` null); the engine sums every node's need, allocates the patch's one arena at init
/// (never on the audio thread), zero-fills it and hands each node its slice.
struct InitArgs {
  /// One per port, in port order, {nullptr, 0} for a non-constant port; numArgs is 0 when the
  /// node has no constant port. Valid during the call only: a node keeps what it needs.
  const ConstArg* args;
  uint32_t numArgs;
  void* arena;        ///< this node's slice: kArenaAlign-aligned, zero-filled, `arenaSize` bytes
  uint64_t arenaSize; ///< what the node's ArenaFn asked for (0: no arena)
};

using InitFn = void (*)(void* state, const Env* env, uint32_t seed, const InitArgs* args);
/// The arena bytes one instance needs for this Env and these constant arguments.
using ArenaFn = uint64_t (*)(const Env* env, const InitArgs* args);
using TickFn = void (*)(void* state, const float* in, float* out, const Env* env);
/// 1 where a node's tick may differ from its smooth tick this sample (NodeInfo::edgeSymbol).
using EdgeFn = int32_t (*)(const void* state, const float* in, const Env* env);
/// 1 for NaN and ±Inf (every exponent bit set), else 0, in integers: a loop that ORs it stays a
/// vector loop (the block loops' check, the interpreter's scans).
inline uint32_t nonFiniteBit(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
}

/// A node's tick run n times (nodes/BlockKernels.cpp, native only): port p's value at sample i
/// is in[p][i], and output k goes to out[k][i] (out[1] too for a one-output node, which writes
/// zeros there). The same samples as n calls of its TickFn. Returns 1 if an out[0] value is NaN
/// or ±Inf, else 0.
using RunFn = int32_t (*)(void* state, const float* const* in, float* const* out, const Env* env,
                          uint32_t n);
/// The same with every port constant over the n samples: in[p] is port p's value.
using RunConstFn = int32_t (*)(void* state, const float* in, float* const* out, const Env* env,
                               uint32_t n);

/// One catalogue entry: everything sema, the IR, the interpreter, codegen and `phonon nodes`
/// know about a node.
struct NodeInfo {
  const char* name;
  const char* const* aliases;
  unsigned numAliases;
  const PortInfo* ports;
  unsigned numPorts;
  /// 1, or 2 for a `Pair` row: its tick writes out[0] (left) and out[1] (right) from one state.
  unsigned numOutputs;
  size_t stateSize; ///< 0 for stateless nodes
  size_t stateAlign;
  uint32_t flags;
  Group group;
  float cost; ///< estimated cost of one tick, in arbitrary units (a multiply = 1)
  const char* doc;
  InitFn init;
  TickFn tick;
  const char* initSymbol; ///< the same functions' names in the node bitcode
  const char* tickSymbol;
  ArenaFn arena = nullptr; ///< null: the node needs no arena
  const char* arenaSymbol = nullptr;
  /// The two-output (`Pair`) row split-channels runs this node as: on a stereo input for a row
  /// with a mono kernel of its own (`reverb`), always for a row without one (`reverb_stereo`).
  const char* pairRow = nullptr;
  /// Samples from an input sample to the first output it affects: a block node's block size
  /// (nodes/Block.h), 0 for a node that works sample by sample.
  uint32_t latency = 0;
  /// A complete program using the node as a musician would (NodeTable.def's EXAMPLE), and what
  /// it sounds like in words.
  const char* example = nullptr;
  const char* exampleSoundsLike = nullptr;
  /// A node with a cheaper tick away from its waveform's jumps (saw, square): `int32_t
  /// edge(state, in, env)` is 1 where the tick may differ from `smooth(state, in, out, env)`,
  /// which is bit for bit the tick wherever edge is 0. A SIMD bank runs smooth for a group of
  /// lanes that no lane's edge holds for (codegen). Null for the other nodes.
  const char* edgeSymbol = nullptr;
  const char* smoothSymbol = nullptr;
  /// Bytes into the State of the node's one DelayLine when its kernel declares `kRingLine`
  /// (DelayLines.h: a bank's lanes of it run at one ring position); −1 for the others.
  int32_t ringLine = -1;
  /// The functions edgeSymbol and smoothSymbol name, natively (null where those are).
  EdgeFn edge = nullptr;
  TickFn smooth = nullptr;
  /// The tick over a block of samples, vectorised where the compiler could (BlockKernels.cpp);
  /// null for a row without a kernel.
  RunFn run = nullptr;
  RunConstFn runConst = nullptr;

  constexpr bool has(uint32_t flag) const { return (flags & flag) != 0; }
  /// False for a node whose signature is known but whose kernel is not written yet: sema
  /// accepts it, code generation and the interpreter refuse it. A NodeChannels node runs as the
  /// per-channel nodes it is lowered to, a node with a pairRow as that row.
  constexpr bool hasKernel() const {
    return tick != nullptr || pairRow != nullptr || has(NodeChannels) || has(NodeLoweredBySema);
  }
  constexpr bool variadic() const { return numPorts && (ports[numPorts - 1].flags & PortVariadic); }
  /// The ports a program writes: all but the trailing PortInternal ones.
  constexpr unsigned numUserPorts() const {
    unsigned n = numPorts;
    while (n && (ports[n - 1].flags & PortInternal)) --n;
    return n;
  }
};

/// The node-library function (Kernels.cpp) that realigns a ring bank's lane: (data, size,
/// write, position), DelayLines.h realignRing.
inline constexpr const char* kRingAlignSymbol = "phn_ring_align";
/// Where a DelayLine (DelayLines.h, which checks them) keeps its words, in bytes from the line:
/// the samples' pointer, the ring's size, the write position.
inline constexpr uint32_t kRingDataOffset = 0, kRingSizeOffset = 8, kRingWriteOffset = 12;

constexpr float kTwoPi = 6.283185307179586476925f;
constexpr float kPi = 3.141592653589793238463f;

/// The table row of kernel struct K (its ports), specialised for every kernel by NodeTable.h.
template <class K> struct KernelRow;

/// Port `i` of node N read from the tick's inputs: non-finite values are replaced by the port's
/// default and out-of-range values clamped (LANGUAGE §7). Signal inputs pass unchanged. The
/// port is the node's row of NodeTable.def, a constant the compiler folds.
template <class N> inline float param(const float* in, unsigned i) {
  const PortInfo& p = KernelRow<N>::ports[i];
  float v = in[i];
  if (p.flags & PortSignal) return v;
  v = std::isfinite(v) ? v : p.defaultValue;
  if (p.min <= p.max) v = std::fmin(std::fmax(v, p.min), p.max);
  return v;
}

/// frac(x) = x - floor(x), in [0, 1).
inline float wrapPhase(float x) {
  x -= std::floor(x);
  return x >= 1.0f ? 0.0f : x;
}

/// −sin 2πu for u in [−¼, ¼], u·P(u²) with P of degree 4: a minimax fit of the odd degree-9
/// polynomial with its linear coefficient fixed at float(2π) and its value at ¼ held 6e-8 below 1
/// (error 1.1e-8 before float rounding), so that no float u evaluates above 1 in magnitude
/// (checked for every float near ±¼ when it was fitted, and by the unit test): a plain `sine`
/// never reads as a sample above 0 dBFS, with no clamp. P is evaluated with its coefficients
/// negated, so the final negation of the callers' folds is free.
inline float negSinTwoPiFolded(float u) {
  float u2 = u * u;
  float p = -39.90987777709961f;
  p = p * u2 + 76.60820007324219f;
  p = p * u2 - 81.60407257080078f;
  p = p * u2 + 41.34171676635742f;
  p = p * u2 - 6.2831854820251465f; // −float(2π)
  return u * p;
}

/// sin(2πφ) for a phase φ in [0, 1), within 1.7e-7 of the exact value, in plain float
/// arithmetic (no libm call): the JIT can then run a bank of oscillators in SIMD lanes and still
/// compute the interpreter's bits. φ is folded to u in [-¼, ¼] (sin 2πφ = −sin 2π(φ − ½), and
/// sin 2πt = sin 2π(±½ − t) beyond ±¼), then negSinTwoPiFolded.
/// Written for the vector lanes of a bank (2000 sines are one loop of 8-wide vectors, and this
/// is most of its work): without a clamp's min and max, w4 (2000 summed sines) renders about
/// 6 % faster.
inline float sinTwoPi(float phase) {
  float t = phase - 0.5f;
  float u = t > 0.25f ? 0.5f - t : t < -0.25f ? -0.5f - t : t;
  return negSinTwoPiFolded(u);
}

/// round(v) with ties to even, in plain float arithmetic: below 2²³, v + 2²³ has no fraction
/// bits, so the addition rounds in the current (nearest-even) mode and the subtraction is exact;
/// from 2²³ on every float is an integer. (std::nearbyint is a libm call on baseline x86-64.)
inline float roundHalfEven(float v) {
  float a = v < 0.0f ? -v : v;
  float r = a < 8388608.0f ? (a + 8388608.0f) - 8388608.0f : a;
  return v < 0.0f ? -r : r;
}

/// A phase in 32-bit fixed point: φ·2^32, φ in [0, 1). Sums wrap modulo 2^32, that is modulo
/// one cycle, exactly: the phase n samples on at a constant step is φ0 + n·step, with no
/// rounding carried from one sample to the next (a float phase drifts by up to half an ulp a
/// sample) and no floor, so a loop of them is an induction the loop vectorizer takes.
using FixedPhase = uint32_t;
/// Half a cycle, φ = ½.
constexpr FixedPhase kHalfCycle = FixedPhase{1} << 31;

/// The phase step dt = f/sr (cycles per sample, any finite float) as a FixedPhase: dt modulo 1
/// times 2^32, rounded toward 0, so −dt is exactly the opposite step (a negative frequency runs
/// backwards through the same phases). The error is below 2^-32 cycles a sample (1.1e-5 Hz at
/// 48 kHz), and none for |f| ≥ sr/512, where dt·2^32 is an integer. dt − nearbyint(dt), in
/// [−½, ½], is exact, and so is its product with 2^32. The bitcode's nearbyint is one vroundps
/// in the JIT's vector code; natively it is a libm call on baseline x86-64, which the
/// interpreter's and the JIT baseline's ticks would make every sample, so the native build
/// rounds with roundHalfEven: the same value for every float but −0 (+0 there), whose sign the
/// subtraction erases.
inline FixedPhase fixedPhaseStep(float dt) {
#ifdef PHONON_NODE_BITCODE
  float scaled = (dt - std::nearbyint(dt)) * 4294967296.0f;
#else
  float scaled = (dt - roundHalfEven(dt)) * 4294967296.0f;
#endif
  // +2^31 (dt exactly half an odd number of cycles) is outside int32_t; modulo 2^32 it is −2^31.
  return scaled < 2147483648.0f ? static_cast<FixedPhase>(static_cast<int32_t>(scaled))
                                : kHalfCycle;
}

/// sin(2πφ) for a FixedPhase, within 2e-7 of the exact value: folded to u in [−¼, ¼] in
/// integers, exactly (u = ¼ − |c| with c ≡ φ + ¼ read as a signed fraction in [−½, ½), so that
/// sin 2πφ = −sin 2πu), then u rounded to float (at most 2^-27 cycles off) for
/// negSinTwoPiFolded: an addition, an absolute value, a subtraction, a conversion and a product
/// besides the polynomial, and no floor.
inline float sinTwoPiFixed(FixedPhase phase) {
  // c·2^32 as a signed 32-bit number, and its magnitude (2^31 for c = −½).
  auto centred = static_cast<int32_t>(phase + (FixedPhase{1} << 30));
#if defined(__clang__)
  // For the bitcode and the block kernels (clang): an absolute value that stays one instruction
  // (vpabsd; INT_MIN gives INT_MIN, 2^31 read unsigned). clang turns the select below, and
  // (c ^ s) - s too, into a compare and a masked subtraction of φ from a constant, which made
  // w4 (2000 summed sines, --threads 1) render at 28x real time against 35x with this. The same
  // integer either way, so the engines' samples stay the same bits.
  FixedPhase magnitude = static_cast<FixedPhase>(__builtin_elementwise_abs(centred));
#else
  FixedPhase magnitude =
      centred < 0 ? 0u - static_cast<FixedPhase>(centred) : static_cast<FixedPhase>(centred);
#endif
  auto u = static_cast<int32_t>((FixedPhase{1} << 30) - magnitude);
  return negSinTwoPiFolded(static_cast<float>(u) * 0x1p-32f);
}

/// PolyBLEP residual of LANGUAGE §7.1 for a unit-jump discontinuity at phase 0, for a phase t
/// in [0, 1] (nothing for dt ≤ 0 or NaN: neither edge's test holds then). The distance to the
/// jump in steps, u, is a product with 1/dt, not a quotient: at a constant pitch 1/dt is the
/// same in every sample, so the JIT divides once per block instead of twice per sample. The two
/// edges' residuals, 2u − u² − 1 = −(u − 1)² and u² + 2u + 1 = (u + 1)², share one square, as
/// vector code computes both.
inline float polyBlep(float t, float dt) {
  bool rising = t < dt;         // just after the jump: u in [0, 1)
  bool falling = t > 1.0f - dt; // just before the next one: u in (−1, 0]
  // Neither: exactly +0.
  float u = (rising ? t : t - 1.0f) * (1.0f / dt);
  float w = rising ? u - 1.0f : u + 1.0f;
  float square = w * w;
  float residual = rising ? -square : square;
  return rising || falling ? residual : 0.0f;
}

/// The size of a FixedPhase step, |step| read as a signed fraction of a cycle: in [0, 2^31].
inline FixedPhase fixedStepSize(FixedPhase step) {
  return static_cast<int32_t>(step) < 0 ? 0u - step : step;
}

/// Whether polyBlepFixed(φ, size) may be non-zero: φ within `size` (fixedStepSize) of the jump
/// at 0, |φ| < size with φ read as a signed fraction in [−½, ½); never for a size of 0. Where
/// this is false polyBlepFixed is exactly +0.
inline bool polyBlepNearFixed(FixedPhase phase, FixedPhase size) {
  return fixedStepSize(phase) < size;
}

/// polyBlep for a FixedPhase: the residual at the distance to the jump in steps, u = φ/size
/// with φ a signed fraction (u in [0, 1) just after the jump, in (−1, 0) just before), exactly
/// +0 where polyBlepNearFixed is false. The distance is exact in integers (no 1 − dt rounded
/// near the top of the cycle): only the conversions, 1/size and the product round.
inline float polyBlepFixed(FixedPhase phase, FixedPhase size) {
  auto distance = static_cast<int32_t>(phase);
  bool rising = distance >= 0;
  float u = static_cast<float>(distance) * (1.0f / static_cast<float>(size));
  float w = rising ? u - 1.0f : u + 1.0f;
  float square = w * w;
  float residual = rising ? -square : square;
  return polyBlepNearFixed(phase, size) ? residual : 0.0f;
}

/// Oscillator frequency f = freq · 2^(st/12) (2^x within a relative 1.4e-7, FastMath.h). An f
/// that overflows (|st| beyond about 1500, or 0 Hz times 2^∞) is 0: the oscillator stops rather
/// than its phase becoming NaN.
inline float transpose(float freq, float st) {
  float f = st == 0.0f ? freq : freq * exp2Approx(st / 12.0f);
  return std::isfinite(f) ? f : 0.0f;
}

// The port constructors of NodeTable.def. `flags` holds the unit (PortHz, PortSeconds …) and the
// kind of value (PortConstant, PortList …); the unit text is derived from it.
/// An optional parameter with its default.
constexpr PortInfo opt(const char* name, float def, uint32_t flags = 0, const char* doc = "") {
  return {name, def, 1.0f, 0.0f, flags, unitName(flags), doc, nullptr};
}
/// A required parameter; a non-finite value is replaced by 0 (or by `.fallback(v)`).
constexpr PortInfo req(const char* name, uint32_t flags = 0, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortRequired | flags, unitName(flags), doc, nullptr};
}
/// A required signal input, passed unsanitised.
constexpr PortInfo sig(const char* name, uint32_t flags = 0, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortRequired | PortSignal | flags, unitName(flags), doc, nullptr};
}
/// An optional word parameter (`wave="saw"`): a string there is a pattern of words.
constexpr PortInfo word(const char* name, const char* def, uint32_t flags = 0,
                        const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortWords | flags, unitName(flags), doc, def};
}
/// A file port (`convolve`'s `ir`): one quoted sample name, checked by sema, not a pattern.
constexpr PortInfo file(const char* name, const char* def, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortFile, "", doc, def};
}
/// An output file port (`tap`'s `file`, PortOutputFile): one quoted path the node writes.
constexpr PortInfo outputFile(const char* name, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortRequired | PortFile | PortOutputFile, "", doc, nullptr};
}
/// The longest file an output file port writes (`tap`'s `seconds`), which sema enforces: its
/// buffer is allocated whole at init.
constexpr float kOutputFileMaxSeconds = 600.0f;
/// The longest `delay` (LANGUAGE §7.5).
constexpr float kDelayMaxSeconds = 4.0f;
/// An event-stream port (PortEvents) with more flags (Bools); required, read unclamped. Its onset
/// and active ports (below) come after the user ports.
constexpr PortInfo events(const char* name, uint32_t flags = 0, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortRequired | PortEvents | flags, unitName(flags), doc, nullptr};
}
/// A column of an event-stream port that sema fills from the same pattern (`flag`
/// PortEventOnset or PortEventActive), an internal signal port.
constexpr PortInfo eventColumn(const char* name, uint32_t flag, const char* doc) {
  return {name, 0.0f, 1.0f,   0.0f, PortRequired | PortSignal | PortInternal | flag,
          "",   doc,  nullptr};
}
/// The onset port of an event-stream port, named `<port>.onset`: 1 on each onset sample.
constexpr PortInfo eventOnset(const char* name) {
  return eventColumn(name, PortEventOnset, "1 on the first sample of each event, else 0");
}
/// The active port of an event-stream port, named `<port>.active`: 1 while an event sounds.
constexpr PortInfo eventActive(const char* name) {
  return eventColumn(name, PortEventActive, "1 while an event is active, else 0");
}
/// A port sema fills from the engine (the tempo), read unsanitised; always last.
constexpr PortInfo internal(const char* name, const char* doc = "") {
  return {name, 0.0f, 1.0f, 0.0f, PortRequired | PortSignal | PortInternal, "", doc, nullptr};
}

} // namespace phonon::nodes
