// The values patterns carry: numbers (optionally exact, optionally tagged as pitches), words,
// booleans, lists (mini-notation `a:b`) and control maps (`s`, `n`, `gain` …).
#pragma once

#include "phonon/support/Rational.h"

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace phonon::pattern {

/// A value operation that has no meaning (`"a" * 2`, a word where a number is needed …).
struct ValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Value;
using ValueList = std::vector<Value>;
using ControlMap = std::map<std::string, Value>;

class Value {
public:
  enum class Kind : uint8_t { Number, Word, Bool, List, Map };

  Value() = default;
  Value(double n) : num_(n) {}
  static Value number(double n) { return Value(n); }
  /// A number known exactly (a literal, or a time argument): time conversions use the fraction.
  static Value exact(Rational r);
  /// A MIDI note number tagged as a pitch (LANGUAGE §3.8).
  static Value pitch(double midi);
  static Value word(std::string w);
  static Value boolean(bool b);
  static Value list(ValueList items);
  static Value map(ControlMap controls);

  Kind kind() const { return kind_; }
  bool isNumber() const { return kind_ == Kind::Number; }
  bool isWord() const { return kind_ == Kind::Word; }
  bool isBool() const { return kind_ == Kind::Bool; }
  bool isList() const { return kind_ == Kind::List; }
  bool isMap() const { return kind_ == Kind::Map; }
  bool isPitch() const { return kind_ == Kind::Number && pitch_; }

  /// The number (a pitch as its MIDI number); throws ValueError for anything else.
  double asNumber() const;
  /// The number as exact time: the literal's fraction if known, else the simplest fraction.
  Rational asTime() const;
  /// The number rounded down to an integer.
  int64_t asInt() const;
  const std::string& asWord() const;
  const ValueList& asList() const;
  const ControlMap& asMap() const;
  /// Truth in a boolean context (LANGUAGE §5.3): true, t, x, nonzero numbers; false, f, 0.
  bool truthy() const;

  /// JSON in the oracle's format: numbers, strings, arrays, objects, true/false.
  std::string toJson() const;
  /// A short human-readable form (`bd`, `0.5`, `[bd, 3]`).
  std::string toString() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }
  /// A total order used to sort events for output (numbers < words < … by kind, then value).
  friend bool operator<(const Value& a, const Value& b);

private:
  Kind kind_ = Kind::Number;
  bool pitch_ = false;
  bool hasExact_ = false;
  bool bool_ = false;
  double num_ = 0.0;
  Rational exact_;
  std::string word_;
  std::shared_ptr<const ValueList> list_;
  std::shared_ptr<const ControlMap> map_;
};

/// The number a control map stands for where a number is expected (LANGUAGE §3.4): its `note`
/// as a pitch (60 + note), else its `n`; throws ValueError when it has neither.
Value numberOfControls(const Value& map);

/// Arithmetic between pattern values (LANGUAGE §3.7): numbers (pitch ± number stays a pitch),
/// word concatenation with `+`, and control maps (applied to the controls on both sides). A
/// control map against a number is first read as its number (`note "c e" - 24` is the pitches
/// 36 and 40), so the result is a number.
enum class ArithOp { Add, Sub, Mul, Div, Mod, Pow };
Value arithmetic(ArithOp op, const Value& a, const Value& b);

/// MIDI number of a note name (`c4` = 60, `a#3` = 58, `c` = 60); nullopt if it is not one.
std::optional<int> noteNameToMidi(const std::string& name);

} // namespace phonon::pattern
