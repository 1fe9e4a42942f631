// Helpers shared by the unit tests: compile source text in memory.
#pragma once

#include "phonon/frontend/Frontend.h"

#include <sstream>

namespace phonon::test {

struct Compiled {
  std::optional<SourceFile> file;
  ast::Program program;
  std::optional<ir::Module> module;
  std::string diagnostics;
};

inline std::unique_ptr<Compiled> compileText(const std::string& text) {
  auto c = std::make_unique<Compiled>();
  c->file.emplace("test.ph", text);
  DiagnosticEngine diags(&*c->file);
  if (checkSourceText(*c->file, diags)) {
    c->program = parse(*c->file, diags);
    c->module = lowerToIr(c->program, *c->file, diags);
  }
  std::ostringstream os;
  diags.flush(os);
  c->diagnostics = os.str();
  return c;
}

} // namespace phonon::test
