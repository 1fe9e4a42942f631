// libFuzzer target for the mini-notation: any bytes are parsed (Mini.g4), built into patterns
// in every atom context and queried. Errors are fine; crashes, hangs and sanitizer reports are
// not. Built with clang-19 -fsanitize=fuzzer,address (see README); the same function replays the
// kept corpus in the normal build (a ctest).
#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phonon;
  using namespace phonon::pattern;
  if (size > 4096) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  SourceFile file("<fuzz>", text);
  DiagnosticEngine diags(&file);
  if (!checkSourceText(file, diags)) return 0;
  MiniPtr tree = parseMini(text, 0, diags);
  if (!tree) return 0;
  for (AtomContext context :
       {AtomContext::Generic, AtomContext::Numeric, AtomContext::Sound, AtomContext::Boolean}) {
    try {
      PatternV p = buildMiniPattern(*tree, context);
      // A small budget keeps each run fast and small; the limits themselves are unit-tested.
      QueryBudget budget(20000);
      (void)p.query(Span{Rational(-1, 3), Rational(5, 3)});
    } catch (const std::exception&) {
      // Typing errors, value errors and limits are reported to the user, not crashes.
    }
  }
  return 0;
}
