// What the fuzz targets share: failing loudly, and running a module for two small blocks in
// the interpreter.
#pragma once

#include "phonon/interp/Interpreter.h"
#include "phonon/rt/Render.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace phonon::fuzz {

[[noreturn]] inline void fail(const char* target, const std::string& what,
                              const std::string& text) {
  std::fprintf(stderr, "%s: %s\ninput:\n%s\n", target, what.c_str(), text.c_str());
  std::abort();
}

/// Renders 256 samples, the stems too; pattern limits and the like are errors the tools
/// report, not crashes.
inline void renderTwoBlocks(ir::Module module) {
  try {
    interp::InterpretedPatch patch(std::move(module));
    rt::RenderOptions options;
    options.frames = 256;
    options.blockSize = 128;
    auto ignore = [](const float*, uint32_t) {};
    (void)rt::render(patch, options, ignore, ignore);
  } catch (const std::exception&) {
  }
}

} // namespace phonon::fuzz
