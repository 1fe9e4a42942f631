// The pattern program of a compiled patch (DESIGN §5): every pattern the patch plays, as plain
// data that the runtime turns back into pattern objects when the patch is loaded. The compiler
// writes it into the patch descriptor; `serialize`/`deserialize` are its byte format.
#pragma once

#include "phonon/pattern/Mini.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::pattern {

struct PatternExpr;
using PatternExprPtr = std::shared_ptr<const PatternExpr>;
struct PatternFn;
using PatternFnPtr = std::shared_ptr<const PatternFn>;

/// An argument of a named transform: a pattern, a function, or a list of functions.
struct PatternArg {
  PatternExprPtr pattern;
  PatternFnPtr function;
  std::vector<PatternFnPtr> functions;
  std::vector<PatternExprPtr> patterns; ///< `stack [p, q]`: the patterns after the subject
  bool isPatterns = false;              ///< this argument is `patterns` (it may be empty)
};

/// A function from patterns to patterns (LANGUAGE §3.4): a named transform missing its pattern,
/// an operator section, or a composition (applied first to last).
struct PatternFn {
  enum class Kind : uint8_t { Transform, Section, Compose };
  Kind kind = Kind::Transform;
  // Transform
  std::string name;
  std::vector<PatternArg> args;
  // Section: `(|+ 12)` is the subject op operand; `(12 +|)` is operand op subject. The section's
  // operator is `op` (an Arithmetic, Set or Keep expression kind) with `structure`.
  uint8_t sectionKind = 0; ///< PatternExpr::Kind of the operator
  ArithOp op = ArithOp::Add;
  Structure structure = Structure::Both;
  PatternExprPtr operand;
  bool operandOnLeft = false;
  // Compose
  std::vector<PatternFnPtr> steps;
};

/// A pattern-valued expression: a mini-notation string, a number, operators between them at
/// the pattern level (LANGUAGE §3.7), a named transform (Ops.h) with pattern arguments, or a
/// control pattern (`s "bd"`, `n "0 1"`, `gain 0.8`: each value becomes a control map).
struct PatternExpr {
  enum class Kind : uint8_t { Mini, Number, Arithmetic, Set, Keep, Apply, Control, Generator };
  Kind kind = Kind::Number;
  // Mini
  MiniPtr mini;
  std::string text; ///< the mini-notation as written (for printing)
  AtomContext context = AtomContext::Numeric;
  // Number
  double number = 0;
  /// Number: its exact value where sema knows it (a constant expression of literals, such as
  /// `(1/3)`), so that time arguments are exact (LANGUAGE §6.1).
  std::optional<Rational> exact;
  // Arithmetic (op), Set (`|>`: values from rhs), Keep (`|<`: values from lhs)
  ArithOp op = ArithOp::Add;
  Structure structure = Structure::Both;
  PatternExprPtr lhs, rhs;
  // Apply: `function` applied to `lhs`
  PatternFnPtr function;
  // Control: each value v of `lhs` becomes the map {control: v} (LANGUAGE §8.3)
  std::string control;
  // Generator: a pattern function of LANGUAGE §6.2/§7.2 (`run`, `choose`, `scale` …) and its
  // arguments, in order; where it takes values (`choose [0, 2]`) they are Number items
  std::string generator;
  std::vector<PatternExprPtr> items;
};

/// The value a control stores (LANGUAGE §3.8): `note` and `n` store semitones relative to c4
/// (a pitch m becomes m − 60); other controls store the value as it is.
Value controlValue(const std::string& control, const Value& v);

/// How a pattern becomes the numbers of an event-rate signal (LANGUAGE §3.8): its values, or
/// (Onset, Active) the columns of its event stream that an event port reads (nodes::PortEvents).
enum class SignalConversion : uint8_t {
  Plain,  ///< the number itself (a pitch as its MIDI number)
  Hz,     ///< a pitch m becomes 440·2^((m−69)/12); a plain number is taken as Hz
  Onset,  ///< 1 on the onset sample of the event selected there (§4.3, §4.4), else 0
  Active, ///< 1 while an event with a whole is active, else 0 (rests are not held)
};

struct ProgramPattern {
  PatternExprPtr expr;
  SignalConversion conversion = SignalConversion::Plain;
};

/// A file slot of a patch (ir::fileTable): a sample a file port names (`convolve`'s
/// `"hall:0"`), which the host loads and hands to init, or a file a node writes (`tap`, an
/// output file port: nodes::PortOutputFile), for which the host hands init a zero-filled buffer
/// of round(seconds·sr) frames of `channels` interleaved samples and writes the file from it
/// after a render.
struct FileSlot {
  std::string name; ///< the sample's name, or the path written (relative to the current directory)
  uint32_t channels = 0; ///< an output file's channels (1 or 2); 0 for a sample to load
  float seconds = 0.0f;  ///< an output file's length
  bool output() const { return channels != 0; }
  bool operator==(const FileSlot&) const = default;
};

struct PatternProgram {
  std::vector<ProgramPattern> patterns; ///< indexed by the IR's event slots
  /// The cycle position of the first sample (`setCycle`, `nudge`: LANGUAGE §2.2).
  Rational start{0};
  /// The sound patterns behind the IR's voices slots (LANGUAGE §8.2), in slot order.
  std::vector<PatternExprPtr> sounds;
  /// The samples the patch's file ports name (`convolve`'s `"hall:0"`) and the files its nodes
  /// write (`tap`), by file slot: the host loads or allocates them and hands them to init.
  std::vector<FileSlot> files;
};

/// The sound names a sound pattern may play, for loading them before the first block: every
/// word atom of its mini-notation (`bd:3` as `bd`), in order of first appearance. Bus voices
/// (`~name`) are left out.
std::vector<std::string> soundNames(const PatternExpr& sound);
/// Every such atom with its place in the source (`bd:3` as `bd`), for located diagnostics.
struct SoundAtom {
  std::string name;
  SourceLoc loc;
};
std::vector<SoundAtom> soundAtoms(const PatternExpr& sound);

/// The pattern an expression denotes. Throws std::runtime_error for a transform the table does
/// not know or whose arguments do not match it.
PatternV buildPattern(const PatternExpr& expr);
Fn buildFunction(const PatternFn& fn);

/// The number an event value gives an event-rate signal; a control map gives its `note` as a
/// pitch (60 + note), else its `n` (LANGUAGE §3.4).
float signalValue(const Value& v, SignalConversion conversion);

/// Bytes of a program (versioned); deserialize throws std::runtime_error on malformed input.
std::string serialize(const PatternProgram& program);
PatternProgram deserialize(const std::string& bytes);

/// Whether `name` is a pattern function a Generator expression may name (`run`, `choose` …).
bool isGenerator(std::string_view name);

} // namespace phonon::pattern
