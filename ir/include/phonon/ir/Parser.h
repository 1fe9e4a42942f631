// Reading textual IR (the syntax `print` writes, from the op table of Ops.h), so that every
// pass can be run alone on a file (`phonon-opt`) and tested with FileCheck.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/ir/PatternText.h"

#include <optional>

namespace phonon::ir {

/// Parses the module in `file`. Errors go to `diags` (file:line:col with the line and a caret),
/// several per run; returns nullopt if there were any. The result is not verified: run
/// `verify` on it.
std::optional<Module> parse(const SourceFile& file, const MiniParser& mini,
                            DiagnosticEngine& diags);

} // namespace phonon::ir
