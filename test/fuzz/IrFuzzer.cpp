// libFuzzer target for the textual IR (phonon-opt's input): any bytes are parsed; what parses
// and verifies is run through every pass at -O3, printed, parsed again and compared, and run
// for two blocks by the interpreter when it can run. Parse errors and verifier complaints are
// fine; crashes, hangs, sanitizer reports, a pass producing invalid IR and text that does not
// read back are not. The same function replays the kept corpus in the normal build (a ctest).
#include "FuzzSupport.h"

#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/ir/Parser.h"
#include "phonon/passes/Passes.h"

#include <sstream>

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& text) {
  phonon::fuzz::fail("IR fuzzer", what, text);
}

std::optional<phonon::ir::Module> read(const std::string& text) {
  using namespace phonon;
  SourceFile file("<fuzz>", text);
  DiagnosticEngine diags(&file);
  std::optional<ir::Module> m;
  if (checkSourceText(file, diags)) m = ir::parse(file, parseMini, diags); // as phonon-opt does
  std::ostringstream sink;
  diags.flush(sink);
  return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phonon;
  if (size > 8192) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<ir::Module> module = read(text);
  if (!module || !ir::verify(*module).empty()) return 0;
  std::string printed = ir::print(*module);
  std::optional<ir::Module> again = read(printed);
  if (!again || ir::print(*again) != printed) fail("printed IR does not read back", printed);
  // Rewriting passes need an unscheduled module; scheduled input gets the scheduling ones.
  std::vector<const passes::Pass*> pipeline;
  for (const passes::Pass* p : passes::pipelineForLevel(3))
    if (module->schedule.empty() || !p->beforeSchedule) pipeline.push_back(p);
  std::ostringstream dump, errors;
  if (!passes::runPasses(*module, pipeline, {}, dump, errors))
    fail("a pass produced invalid IR: " + errors.str(), text);
  printed = ir::print(*module);
  again = read(printed);
  if (!again || ir::print(*again) != printed) fail("optimised IR does not read back", printed);
  if (!ir::unavailable(*module).empty()) return 0;
  fuzz::renderTwoBlocks(std::move(*module));
  return 0;
}
