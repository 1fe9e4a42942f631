// The transform table: every named transform with the kinds of its arguments and how to apply
// it. `phonon query --ops` applies transforms through it, and sema will check calls against it.
#pragma once

#include "phonon/pattern/Transforms.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::pattern {

enum class ArgKind : char {
  Pattern = 'p',   ///< a number or a pattern of numbers (patterned argument)
  Bools = 'b',     ///< a pattern of booleans
  Function = 'f',  ///< a transform
  Functions = 'F', ///< one or more transforms (the rest of the arguments)
  Patterns = 'P',  ///< one or more patterns (the rest of the arguments)
  Any = 'a',       ///< a pattern of any values, read as the transformed pattern is
  Optional = 'o',  ///< a number or a pattern of numbers that may be left out: 1 when it is
  Numbers = 'N',   ///< a list `[a, b]` of numbers or patterns of numbers
  Values = 'V',    ///< a list `[a, b]` of constant values
  Word = 'w',      ///< one constant word (`groove "jazz"`)
};

struct OpArg {
  PatternV pattern;
  Fn function;
  std::vector<PatternV> patterns;
  std::vector<Fn> functions;
  std::vector<Value> values; ///< Values
  std::string word;          ///< Word
};

struct OpInfo {
  const char* name;
  const char* args; ///< one ArgKind letter per argument before the pattern
  const char* doc;
  PatternV (*apply)(const std::vector<OpArg>& args, const PatternV& p);
};

/// Every transform, with its aliases as separate entries.
std::span<const OpInfo> ops();
/// The transform called `name` (`add.out` and the other structure suffixes included).
const OpInfo* findOp(std::string_view name);

} // namespace phonon::pattern
