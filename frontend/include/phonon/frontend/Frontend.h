// The frontend's entry points: source text → AST → IR.
#pragma once

#include "phonon/frontend/Ast.h"
#include "phonon/ir/Module.h"
#include "phonon/support/Source.h"

#include <optional>
#include <string>

namespace phonon {

/// Resource limits of the frontend (LANGUAGE §10): inputs beyond them are errors, not crashes.
struct FrontendLimits {
  static constexpr size_t kMaxFileBytes = 64u << 20; ///< 64 MiB
  static constexpr size_t kMaxLineBytes = 1u << 20;  ///< 1 MiB per physical line
  static constexpr unsigned kMaxNesting = 1000;      ///< parentheses and brackets
};

/// Reads `path` into a SourceFile; reports unreadable, too large or non-text files.
std::optional<SourceFile> readSource(const std::string& path, DiagnosticEngine& diags);

/// Checks that the text is UTF-8 without NUL bytes and within the line limit.
bool checkSourceText(const SourceFile& file, DiagnosticEngine& diags);

/// Parses the whole file. Statements with syntax errors are reported and left out.
ast::Program parse(const SourceFile& file, DiagnosticEngine& diags);

/// Makes this thread's text converters of the ANTLR runtime, thread_locals that its first
/// parse would make: each registers its destructor under the dynamic loader's lock, which a
/// dlopen on another thread holds throughout (`phonon render` loading libphonon-jit.so while
/// it parses: the parse waited for the load, about 3 ms). Microseconds.
void prepareParsingThread();

/// Resolves names, checks signatures and builds the IR. nullopt if any error was reported.
std::optional<ir::Module> lowerToIr(const ast::Program& program, const SourceFile& file,
                                    DiagnosticEngine& diags);

/// readSource + checkSourceText + parse + lowerToIr.
std::optional<ir::Module> compileFile(const std::string& path, DiagnosticEngine& diags,
                                      std::optional<SourceFile>& file);

} // namespace phonon
