// The op table (DESIGN §1): one declaration per kind of instruction — its spelling, its
// attributes and operands in textual order, the type and rate of its result, its state, cost
// and purity. The printer, the textual IR parser and the verifier read this table and nothing
// else, so an op's syntax and its rules cannot drift apart. Node ops (oscillators, filters,
// operators) come from the node catalogue: each catalogue entry is one row, its ports the
// operands.
#pragma once

#include "phonon/ir/Module.h"

#include <optional>
#include <span>
#include <string_view>

namespace phonon::ir {

/// What an attribute is, in the text and in the instruction.
enum class AttrKind : uint8_t {
  Number,       ///< Instr::value, a float printed exactly (`const 0.1`)
  Slot,         ///< Instr::slot (`pattern 0`, `feedback.read 1`)
  OutputIndex,  ///< Instr::outputIndex (`out 2, %x`)
  PatternExpr,  ///< the pattern of Instr::slot (`pattern 0 "a b" + 12`), LANGUAGE §4–6
  Conversion,   ///< optional `hz` (pitches become Hz), `onset` or `active` (an event stream's
                ///< columns): pattern::SignalConversion
  SoundPattern, ///< the sound pattern of Instr::slot (`voices 0 (s "bd*2")`)
};

/// How the operands are written.
enum class OperandSyntax : uint8_t {
  None,     ///< `tempo`
  Named,    ///< `sine(freq %0, st %1)`: one per port, by port name (node ops)
  Trailing, ///< `out 0, %3`, `bus %3`: after the attributes
};

/// What an instruction may be merged with, moved or removed as (cse, dce, fold-constants).
enum class Purity : uint8_t {
  Pure,     ///< a function of its operands: may be folded and merged
  Stateful, ///< carries state across samples: never folded, never merged
  Random,   ///< stateful and seeded from its stable identity: two instances differ
  Effect,   ///< writes somewhere (outputs, feedback cells): never removed
};

struct OpDef {
  std::string_view name;
  Opcode opcode;
  const nodes::NodeInfo* node; ///< the catalogue entry of a node op, else null
  std::span<const AttrKind> attrs;
  OperandSyntax operandSyntax;
  unsigned numOperands; ///< Trailing: how many; Named: the node's ports (at least, if variadic)
  bool definesValue;
  std::optional<Type> type; ///< fixed result type, if any
  std::optional<Rate> rate; ///< fixed result rate, if any (else inferred from the operands)
  Purity purity;
  bool blockBased; ///< computed a block at a time: a kernel of its own, never fused
  float cost;      ///< estimated cost of one sample (a multiply = 1)
  std::string_view doc;

  bool stateful() const { return purity == Purity::Stateful || purity == Purity::Random; }
};

/// The structural ops, in Opcode order (node ops are not listed here).
std::span<const OpDef> structuralOps();
/// The row of an instruction: its structural op or its node's row.
const OpDef& opDef(const Instr& in);
/// The row spelled `name` (structural op or node, canonical names only); null if none.
const OpDef* findOpDef(std::string_view name);

/// Whether operand `i` of `in` may be stereo (signal inputs of nodes, outputs, buses).
bool operandTakesStereo(const Instr& in, size_t i);
/// The name of operand `i` of a node instruction (`freq`; a variadic node's extras `b2` …).
std::string portName(const Instr& in, size_t i);

} // namespace phonon::ir
