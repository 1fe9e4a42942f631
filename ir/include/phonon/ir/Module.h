// The Phonon IR: a typed dataflow graph in SSA form (DESIGN §1–2).
//
// A Module is a list of instructions in dependency order: every operand is defined by an
// earlier instruction. Each instruction defines at most one value, named by its index. Values
// carry a type and a rate; the rate is the cheapest schedule at which the value is correct.
#pragma once

#include "phonon/nodes/Node.h"
#include "phonon/pattern/Program.h"
#include "phonon/support/Rational.h"
#include "phonon/support/Source.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::ir {

using ValueId = uint32_t;

enum class Type : uint8_t { F32, Stereo };
/// Ordered from cheapest to dearest: a value may always be computed at a faster rate.
enum class Rate : uint8_t { Const, Block, Event, Audio };

std::string_view typeName(Type t);
std::string_view rateName(Rate r);
Rate maxRate(Rate a, Rate b);

enum class Opcode : uint8_t {
  Const,   ///< a number known at compile time
  Node,    ///< one tick of a catalogue node (oscillator, filter, operator …) per sample
  Output,  ///< adds its operand to the main mix (the file a render writes); defines no value
  Pattern, ///< the event-rate value of pattern `slot` of the module's pattern program
  /// The stereo sum of the voices that sound pattern `slot` (Module::voices) starts, rendered by
  /// the runtime before each block (rt::VoiceEngine); split-channels makes it its left channel
  /// and a `right` after it.
  Voices,
  /// Feedback through buses (LANGUAGE §2.3): FeedbackRead is the value that FeedbackWrite of
  /// the same `slot` stored at the previous sample (0 at the first); FeedbackWrite stores its
  /// operand and defines no value. Writes come after every read, at the end of the module.
  FeedbackRead,
  FeedbackWrite,
  /// The tempo in cycles per second, read from the block context: a `block`-rate value (a
  /// live session may change it between blocks; a render keeps the patch's cps).
  Tempo,
  /// A bus definition (`~name: expr`): its operand under the bus's name. inline-buses replaces
  /// every use by the operand; the engines treat it as a copy.
  Bus,
  /// The n-ary sum of its operands (two or more; `stack` of signals, `mix`), in the order
  /// sumOf defines: per chunk of kSumChunk operands, operand k is added into partial k mod
  /// kSumPartials and the partials in order; then the chunks' totals in order. A bank of lanes
  /// accumulates into it with one partial per vector lane.
  Sum,
  /// The right output of a two-output node (nodes::NodeInfo::numOutputs 2, a `Pair` row such as
  /// `reverb_pair`), whose own value is its left output: `%r = right %n`. Split-channels makes
  /// one after each such node; fuse keeps it in its node's kernel, banks never take either.
  Right,
  /// Writes its operand to the stem of output `outputIndex` (0 = `out`, N = `outN`): that
  /// output alone, as a render with --stems writes it (LANGUAGE §2.4, §9.3); defines no value.
  /// A module's stems come after its main mix, in increasing output number, each at most once.
  Stem,
  /// A bus voice's pitch ratio 2^(note/12), read from the block context (LANGUAGE §8.4): a
  /// `block`-rate value that only a voice template's graph holds, where sema multiplies every
  /// pitch parameter by it.
  VoicePitch,
  /// Channel `slot` of a bus that a voice template's graph reads and every voice shares
  /// (LANGUAGE §8.4), read from the block context: channel pair 2k, 2k + 1 is stem k of the
  /// module's voiceShared graph, computed once per block. Only in a voice template's graph.
  VoiceInput,
};

/// The partial sums of a Sum: operand k goes to partial k % kSumPartials.
constexpr uint32_t kSumPartials = 8;

/// The operands of a Sum are added in chunks (the last may be shorter), each to a total of its
/// own, so that a bank's lanes can be split between threads at chunk boundaries and every
/// engine still adds in one order, whatever the thread count: chunks of kSumChunk operands, or
/// of 2 · kSumChunk from kWideSum operands on (fewer totals to add where there are many lanes).
constexpr uint32_t kSumChunk = 32;
constexpr uint32_t kWideSum = 256;

/// The operands per chunk of a Sum of `count` operands.
constexpr uint32_t sumChunkSize(size_t count) {
  return count < kWideSum ? kSumChunk : 2 * kSumChunk;
}

/// The number of chunks (and of chunk totals) of a Sum of `count` operands.
constexpr uint32_t sumChunks(size_t count) {
  return static_cast<uint32_t>((count + sumChunkSize(count) - 1) / sumChunkSize(count));
}

/// The value of a Sum of `operands` values, in the order every engine follows. Per chunk
/// (sumChunkSize): partials start at +0 and take the chunk's operands in order (operand k into
/// partial k mod 8), then the chunk's total is partial 0 + partial 1 + … + partial 7. The Sum
/// is total 0 + total 1 + … in chunk order. Up to kSumChunk operands there is one chunk.
inline float sumOf(const float* operands, size_t count) {
  const size_t size = sumChunkSize(count);
  float total = 0.0f;
  for (size_t first = 0; first < count; first += size) {
    float partial[kSumPartials] = {};
    const size_t end = count - first < size ? count : first + size;
    for (size_t k = first; k < end; ++k) partial[k % kSumPartials] += operands[k];
    float chunk = partial[0];
    for (uint32_t p = 1; p < kSumPartials; ++p) chunk += partial[p];
    total = first == 0 ? chunk : total + chunk;
  }
  return total;
}

/// No kernel, batch or buffer.
constexpr uint32_t kNone = UINT32_MAX;

struct Instr {
  Opcode op = Opcode::Const;
  Type type = Type::F32;
  Rate rate = Rate::Const;
  float value = 0.0f; ///< Const
  /// Const: a constant list (`additive`'s `[1, 0.5]`, printed so), which only a constant list
  /// port takes; `value` is then the number of items. Empty for a number.
  std::vector<float> items;
  /// Const: the sample a file port takes (`convolve`'s `"hall:0"`, printed `const file
  /// "hall:0"`), loaded by the host at init (fileNames); `value` is then 0. Empty otherwise.
  std::string file;
  /// Const with a file: a file a node writes (`tap`'s `"probe.wav"`, an output file port,
  /// nodes::PortOutputFile), printed `const output "probe.wav"`, not a sample to load.
  bool outputFile = false;
  const nodes::NodeInfo* node = nullptr; ///< Node
  std::vector<ValueId> operands;         ///< Node: one per port, in port order; Output and
                                         ///< Stem: one, or two after split-channels (left, right)
  uint32_t seed = 0;        ///< Node: stable identity (statement and position), seeds noise
  uint32_t outputIndex = 0; ///< Output (always 0, the main mix); Stem: the output's number
  uint32_t slot = 0;        ///< Pattern: index into Module::patterns; Voices: Module::voices;
                            ///< FeedbackRead/Write: the feedback cell
  uint32_t kernel = kNone;  ///< the kernel (Schedule::kernels) that computes it, after `fuse`
  std::string name;         ///< the bus this value defines, if any (printed as %~name)
  SourceRange loc;          ///< where in the source it came from
  bool hasLoc = false;

  bool definesValue() const {
    return op != Opcode::Output && op != Opcode::FeedbackWrite && op != Opcode::Stem;
  }
};

/// A value crossing a kernel boundary and the buffer (one block of samples) that carries it.
struct BufferUse {
  ValueId value;
  uint32_t buffer;
};

/// One loop over the samples of a block (DESIGN §6 `fuse`): its members are consecutive
/// instructions; values it reads from other kernels and values others read from it go
/// through buffers.
struct Kernel {
  float cost = 0; ///< estimated cost of one sample (the node table's costs, summed)
  /// > 1: a bank (`vectorize-across-nodes`): the members are `lanes` copies of one shape, lane
  /// after lane, computed as one loop over arrays of state.
  uint32_t lanes = 1;
  /// A bank whose last member is a Sum of its lanes' values (`vectorize-across-nodes`) writes
  /// the total of each chunk of its lanes (sumChunks(lanes) of them) to consecutive
  /// buffers from here, chunk c's to buffer partials + c; kNone otherwise (after
  /// `allocate-buffers`).
  uint32_t partials = kNone;
  std::vector<BufferUse> reads, writes; ///< after `allocate-buffers`
};

/// Kernels that depend only on earlier batches, so they may run at once (`batch-parallel`).
struct Batch {
  std::vector<uint32_t> kernels; ///< in instruction order
  float cost = 0;
  bool parallel = false; ///< worth handing to the thread pool
};

/// What the scheduling passes decided; empty until `fuse` runs.
struct Schedule {
  std::vector<Kernel> kernels; ///< in instruction order
  std::vector<Batch> batches;  ///< after `batch-parallel`; every kernel in exactly one
  uint32_t buffers = 0;        ///< after `allocate-buffers`
  bool buffersAllocated = false;
  bool empty() const { return kernels.empty(); }
};

struct VoiceTemplate;

struct Module {
  std::string sourceName;
  Rational cps{1, 2};
  std::vector<Instr> instrs;
  /// The patterns behind Pattern instructions (their event slots), in slot order.
  pattern::PatternProgram patterns;
  /// The sound patterns behind Voices instructions (LANGUAGE §8.2), in slot order.
  std::vector<pattern::PatternExprPtr> voices;
  /// Number of feedback cells (FeedbackRead/FeedbackWrite slots).
  uint32_t feedbackCells = 0;
  Schedule schedule;
  /// The bus voices the sound patterns name (`s "~pad"`, LANGUAGE §8.4): each bus's graph as a
  /// module of its own, which the runtime runs once per voice. Empty in a template's graph.
  std::vector<VoiceTemplate> voiceTemplates;
  /// None or one graph: the buses that keep state and that the templates' graphs read
  /// (`voice.input`), which every voice shares, each as a stem of this graph (stem k is bus
  /// voiceSharedBuses[k]); the runtime runs it once per block, before the voices.
  std::vector<Module> voiceShared;
  std::vector<std::string> voiceSharedBuses; ///< without their `~`

  ValueId add(Instr instr) {
    instrs.push_back(std::move(instr));
    return static_cast<ValueId>(instrs.size() - 1);
  }
  ValueId addConst(float value, SourceRange loc = {}, bool hasLoc = false);
  const Instr& operator[](ValueId id) const { return instrs[id]; }
  Instr& operator[](ValueId id) { return instrs[id]; }

  /// Number of output channels of the compiled patch: every output is a stereo pair, mixed
  /// into the main pair.
  unsigned outputChannels() const { return 2; }
  /// The outputs whose stems the module writes (its Stem instructions' output numbers), in
  /// instruction order: stem s is channel pair 2s, 2s + 1 of a block's stem_outputs.
  std::vector<uint32_t> stems() const;
};

/// A bus voice: the bus's expression lowered as a patch whose main mix is the bus's value, its
/// patterns its own (global time), its pitch parameters multiplied by a VoicePitch.
struct VoiceTemplate {
  std::string bus; ///< the bus's name, without `~`
  Module graph;
};

/// The name of output `index` (0: `out`, N: `outN`), which names its stem file.
std::string outputName(uint32_t index);

/// The lane of each instruction in its bank (a bank's members are lane after lane); 0 for
/// instructions outside banks, `lanes` for the Sum a bank accumulates into.
std::vector<uint32_t> bankLanes(const Module& m);

/// The lanes of a bank that code generation runs as SIMD, grouped by this many (the widest
/// host vector of floats we target: AVX2's 8).
constexpr uint32_t kLaneGroup = 8;
/// The lanes of a 4-byte state word in one 64-byte cache line: a lane-contiguous bank's rows
/// of state are padded and aligned to this many lanes, and its lanes are split between
/// threads only at multiples of it (ir::layoutState).
constexpr uint32_t kLaneCacheLine = 16;
/// The widest alignment of a node state that a lane-contiguous bank may hold (a double's).
constexpr uint64_t kMaxLaneStateAlign = 8;
/// Whether kernel `k` is a bank whose state is laid out lane-contiguous (structure of arrays)
/// and run as SIMD: every member mono, every state a whole number of 4-byte words aligned to at
/// most kMaxLaneStateAlign.
bool laneContiguous(const Module& m, uint32_t k);
/// The Sum a bank kernel accumulates into (its last member), or kNone.
ValueId bankSum(const Module& m, uint32_t k);

/// Removes the instructions for which keep[i] is false, renumbering operands. Every kept
/// instruction must only use kept values.
void compact(Module& m, const std::vector<bool>& keep);

/// Textual IR; `parse` (Parser.h) reads it back: print → parse → print is the identity.
std::string print(const Module& m);

/// One broken invariant: of instruction `id`, or of the module or its schedule (kNone).
struct Problem {
  ValueId id = kNone;
  std::string message;
};
/// Checks the structural invariants; returns every problem (empty when valid).
std::vector<Problem> verifyProblems(const Module& m);
/// verifyProblems, one message per problem: `%id: message` for an instruction's.
std::vector<std::string> verify(const Module& m);

/// The instructions that cannot run yet, each with the reason: nodes whose kernels are not
/// written (nodes::NodeInfo::hasKernel), its voice templates' included. A module holding any
/// passes sema and prints, but neither compiles nor runs in the interpreter.
struct Unavailable {
  ValueId id; ///< in the module that holds it: `m` or one of its voice templates' graphs
  std::string reason;
  const Instr* instr; ///< the instruction, where it came from
};
std::vector<Unavailable> unavailable(const Module& m);

/// Where each node's state lives in a patch's state block; the same layout is used by the
/// JIT and by the interpreter. The block starts with a nodes::Env.
struct StateLayout {
  std::vector<uint64_t> offsets; ///< per instruction; meaningful for stateful nodes only
  /// Per instruction: 0 when its state is one struct at its offset; else the state of a lane of
  /// a lane-contiguous bank, 4-byte word w at offset + w * wordStride (field w of every lane
  /// of the bank member side by side).
  std::vector<uint64_t> wordStride;
  uint64_t feedbackOffset = 0; ///< the feedback cells: one float each, in slot order
  uint64_t size = 0;
  uint64_t align = 16;
};
StateLayout layoutState(const Module& m);

/// The samples the module's file ports name and the files its nodes write (Instr::file), each
/// once, in instruction order: the host loads (or, for an output file, allocates) them at init
/// and hands file slot k's samples as files[k].
std::vector<std::string> fileNames(const Module& m);
/// The same slots with what the host needs to know of each output file (`tap`): its length,
/// the seconds operand of the node that writes it, and its channels, that node's outputs
/// (2 for a stereo input).
std::vector<pattern::FileSlot> fileTable(const Module& m);
/// The file slot of each instruction (its index in fileNames); kNone for all but file consts.
std::vector<uint32_t> fileSlots(const Module& m);

/// The constant arguments of node `id` as its init receives them (nodes::InitArgs::args): for
/// each port, the items of its constant list or the one value of its constant number (the
/// operand of a PortConstant port is a Const), the loaded samples of a file port
/// (files[slot]: mono, at the engine rate; {nullptr, 0} where `files` is empty or the port
/// has no file, such as `convolve`'s `""`); {nullptr, 0} for the other ports. Empty when no
/// port is constant. The pointers are into `m` and `files`.
std::vector<nodes::ConstArg> constArgs(const Module& m, ValueId id,
                                       const std::vector<nodes::ConstArg>& files = {});

/// The patch's arena for one Env (state sized at init, nodes::InitArgs): each node with an
/// ArenaFn gets a slice of what it asks for, at a multiple of nodes::kArenaAlign, in
/// instruction order. Code generation emits the same computation into phonon_arena_size.
struct ArenaLayout {
  std::vector<uint64_t> offsets; ///< per instruction; meaningful for nodes with an arena only
  std::vector<uint64_t> sizes;   ///< what each asked for
  uint64_t size = 0;
};
ArenaLayout layoutArena(const Module& m, const nodes::Env& env,
                        const std::vector<nodes::ConstArg>& files = {});

} // namespace phonon::ir
