// libFuzzer target for the whole frontend: any bytes are checked, parsed (Phonon.g4), printed
// as an AST, lowered to IR by sema, verified, optimised at -O2 and run for two blocks by the
// interpreter. Diagnostics are fine; crashes, hangs, sanitizer reports and IR that fails the
// verifier are not. The same function replays the kept corpus in the normal build (a ctest).
#include "FuzzSupport.h"

#include "phonon/frontend/Frontend.h"
#include "phonon/passes/Passes.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phonon;
  if (size > 4096) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  SourceFile file("<fuzz>", text);
  DiagnosticEngine diags(&file);
  if (!checkSourceText(file, diags)) return 0;
  ast::Program program = parse(file, diags);
  (void)ast::print(program, file);
  std::optional<ir::Module> module = lowerToIr(program, file, diags);
  std::ostringstream printed;
  diags.flush(printed);
  if (!module) return 0;
  if (std::vector<std::string> problems = ir::verify(*module); !problems.empty())
    fuzz::fail("frontend fuzzer", "sema produced invalid IR: " + problems[0], text);
  std::ostringstream dump, errors;
  if (!passes::runPasses(*module, passes::pipelineForLevel(2), {}, dump, errors))
    fuzz::fail("frontend fuzzer", "a pass produced invalid IR: " + errors.str(), text);
  fuzz::renderTwoBlocks(std::move(*module));
  return 0;
}
