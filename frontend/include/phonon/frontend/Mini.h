// Parsing mini-notation (LANGUAGE §5) with the Mini.g4 grammar.
#pragma once

#include "phonon/pattern/Mini.h"
#include "phonon/support/Source.h"

#include <string_view>

namespace phonon {

/// Parses the mini-notation `text`, which sits at byte `offset` of `diags`' source file (the
/// inside of a string literal), so that every error and every atom points at its place in
/// that file. Returns null after reporting errors.
pattern::MiniPtr parseMini(std::string_view text, uint32_t offset, DiagnosticEngine& diags);

} // namespace phonon
