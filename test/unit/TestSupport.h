// Helpers shared by the unit tests: compile source text in memory.
#pragma once

#include "phonon/frontend/Frontend.h"
#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace phonon::test {

/// LANGUAGE.md beside the checkout (`../shared`, as the oracle's cases are found), or where
/// PHONON_LANGUAGE_MD says; empty when there is none (the tests that read it then skip).
inline std::string languageReference() {
  const char* env = std::getenv("PHONON_LANGUAGE_MD");
  std::ifstream in(env ? std::string(env)
                       : std::string(PHONON_SOURCE_DIR) + "/../shared/LANGUAGE.md");
  std::ostringstream text;
  text << in.rdbuf();
  return in ? text.str() : std::string();
}

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

/// `text` compiled and run through the passes of -O`level`; a failure to compile or to pass is
/// a test failure (and an empty module).
inline ir::Module compileOptimised(const std::string& text, int level = 2) {
  auto c = compileText(text);
  EXPECT_TRUE(c->module) << c->diagnostics << text;
  if (!c->module) return {};
  ir::Module m = std::move(*c->module);
  std::ostringstream sink;
  EXPECT_TRUE(passes::runPasses(m, passes::pipelineForLevel(level), {}, sink, sink)) << sink.str();
  return m;
}

} // namespace phonon::test
