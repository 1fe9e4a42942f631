// Shared by the command-line tools: option parsing helpers, the compile driver, and running
// the compiler on a thread with a large stack (deeply nested input must give an error, not a
// stack overflow).
#pragma once

#include "phonon/codegen/Codegen.h"
#include "phonon/ir/Module.h"
#include "phonon/passes/Passes.h"
#include "phonon/support/Source.h"

#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "RenderCommand.h"

namespace phonon::tools {

/// Runs `body` on a thread with a 1 GiB stack (reserved, not committed) and returns its result.
/// An exception escaping `body` is a bug, but never an abort: it prints `TOOL: error: internal
/// error: WHAT` and the result is 1.
int runWithLargeStack(const char* tool, const std::function<int()>& body);

/// Parses "-O0" … "-O3".
std::optional<int> parseOptLevel(const std::string& arg);

/// The pass options both compilers take: `--passes=a,b` (into `names`), `--print-after-all`,
/// `--time-passes`, `--verify-each`. False if `arg` is none of them.
bool parsePassOption(const std::string& arg, std::optional<std::vector<std::string>>& names,
                     passes::PassManagerOptions& options);

/// The error for anything but exactly one input file, or empty.
std::string oneInputError(const std::vector<std::string>& inputs, const char* usage);

/// `--engine jit|baseline|interp` (or `--engine=…`), `-O0` … `-O3` and `--no-cache` (the JIT cache
/// off for this process: PHONON_NO_CACHE=1) at argv[i] (`i` moves past a value): what the commands
/// that compile and run a patch (render, play) take besides their own options. NotMine for anything
/// else; Failed with `error` set for a bad or missing engine.
cli::OptionStatus parseEngineOption(int argc, char** argv, int& i, std::string& engine,
                                    int& optLevel, std::string& error);

/// The passes named by --passes=… (or the -O level's pipeline when `names` is empty); an
/// unknown name is an error on stderr.
std::optional<std::vector<const passes::Pass*>>
resolvePipeline(const std::optional<std::vector<std::string>>& names, int optLevel);

/// One `;   NAME   MS` line of `--time-passes`.
void printTimeLine(const std::string& name, double ms, std::ostream& out);

/// Code generation's phases of `--time-passes` (nothing when `times` is null): a header that
/// says where the code came from, then a line per phase and `codegen (wall)`.
void printCodegenPhases(const codegen::CodegenTimes* times, std::ostream& out);

/// The rest of `--time-passes` after the IR passes' lines: code generation's phases (when
/// `times` is not null), then `; total (source to runnable)` since `start`, in the same
/// `;   NAME   MS` lines.
void printCodegenTimes(const codegen::CodegenTimes* times,
                       std::chrono::steady_clock::time_point start, std::ostream& out);

/// Writes `text` to `path`, atomically, or to standard output when `path` is empty.
bool writeText(const std::string& path, const std::string& text, std::string& error);

/// Reads a textual IR file (`.pir`) and verifies it; errors on stderr.
std::optional<ir::Module> readIrFile(const std::string& path);

/// Compiles a .ph file (or reads a .pir file) to optimised IR: parse, sema, then the pass
/// pipeline. Diagnostics are printed to stderr. nullopt on any error.
struct CompileRequest {
  std::string path;
  int optLevel = 2;
  std::optional<std::vector<std::string>> passes; ///< --passes=…, overrides optLevel
  passes::PassManagerOptions passOptions;
  /// The module will run (code generation, a render): nodes without kernels are errors.
  bool forExecution = true;
  /// Where to keep the source file, for diagnostics about the module after compiling (a .ph
  /// input only).
  std::optional<SourceFile>* keepSource = nullptr;
  /// Where diagnostics go (a live session keeps them for its log); null: standard error.
  std::ostream* diagnostics = nullptr;
};
std::optional<ir::Module> compilePatch(const CompileRequest& request);

/// Errors for constants that are NaN or ±Inf (passes::findNonFiniteConstants), at their place.
/// False if there were any.
bool checkConstantsAreFinite(const ir::Module& module, DiagnosticEngine& diags);

/// "`*`" for an operator node, "`lpf`" for any other: how messages name a node.
std::string quotedNodeName(const nodes::NodeInfo& node);

} // namespace phonon::tools
