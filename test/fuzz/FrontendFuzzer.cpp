// libFuzzer target for the whole frontend: any bytes are checked, parsed (Phonon.g4), printed
// as an AST, lowered to IR by sema, verified, optimised at -O2 and run for one block by the
// interpreter. Diagnostics are fine; crashes, hangs, sanitizer reports and IR that fails the
// verifier are not. The same function replays the kept corpus in the normal build (a ctest).
#include "phonon/frontend/Frontend.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& text) {
  std::fprintf(stderr, "frontend fuzzer: %s\ninput:\n%s\n", what.c_str(), text.c_str());
  std::abort();
}

} // namespace

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
    fail("sema produced invalid IR: " + problems[0], text);
  std::ostringstream dump, errors;
  if (!passes::runPasses(*module, passes::pipelineForLevel(2), {}, dump, errors))
    fail("a pass produced invalid IR: " + errors.str(), text);
  try {
    interp::InterpretedPatch patch(std::move(*module));
    rt::RenderOptions options;
    options.frames = 256;
    options.blockSize = 128;
    (void)rt::renderToBuffer(patch, options);
  } catch (const std::exception&) {
    // Pattern limits and the like are reported to the user by the tools, not crashes.
  }
  return 0;
}
