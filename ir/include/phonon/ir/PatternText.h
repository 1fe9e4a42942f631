// The textual form of pattern expressions inside the IR (`pattern 0 ("110 220" + 12) hz`).
// It is exact — numbers round-trip, every mini-notation string keeps how its atoms are read —
// so that printing, parsing and printing again gives the same text and the same program:
//
//   pexpr := STRING [":num" | ":sound" | ":bool" | ":any"]  mini-notation; the default is numbers,
//                                                      sounds under `s`, bools where a transform
//                                                      takes them
//          | NUMBER ["f"]                             "f": a float widened (`0.9f`)
//          | "(" pexpr OP pexpr ")"                   OP: + - * / % ** with | structure, |> |<
//          | "(" pexpr "$" pfn ")"                    a transform applied
//          | "(" CONTROL pexpr ")"                    a control pattern (`(s "bd")`)
//          | "(" GENERATOR pexpr* ")"                 a pattern function (`(run 4)`)
//   pfn   := term ("." term)*                         a composition, applied first to last
//   term  := NAME arg*                                a transform, its arguments as its table says
//          | "(" OP pexpr ")" | "(" pexpr OP ")"      an operator section
//          | "(" pfn ")"
//   arg   := pexpr | "(" pfn ")" | section | "[" pfn, … "]" | "[" pexpr, … "]"
#pragma once

#include "phonon/pattern/Program.h"
#include "phonon/support/Source.h"

#include <functional>
#include <string>
#include <string_view>

namespace phonon::ir {

std::string printPattern(const pattern::PatternExpr& expr);
std::string printPatternFn(const pattern::PatternFn& fn);

/// Parses mini-notation `text` found at byte `offset` of the file `diags` reports on (the
/// frontend's Mini.g4 parser; the IR library does not depend on ANTLR). Null after an error.
using MiniParser =
    std::function<pattern::MiniPtr(std::string_view text, uint32_t offset, DiagnosticEngine&)>;

/// Parses one pattern expression of `text` starting at `pos` and moves `pos` past it. On a
/// syntax error it reports at `base + offset` and returns null.
pattern::PatternExprPtr parsePattern(std::string_view text, size_t& pos, uint32_t base,
                                     const MiniParser& mini, DiagnosticEngine& diags);

} // namespace phonon::ir
