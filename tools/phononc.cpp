// phononc: the Phonon compiler.
//   phononc FILE.ph [-o OUT] [--emit=ast|ir|llvm|asm|obj] [-O0..-O3] [--cpu=native|portable]
//                   [--passes=a,b]
//                   [--print-after-all] [--time-passes]
//   phononc FILE.ph -o PROGRAM   (a standalone program that renders the patch)
#include "LinkProgram.h"
#include "ToolSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Frontend.h"
#include "phonon/rt/Render.h"

#include <chrono>
#include <iostream>

namespace {

const char* const kUsage =
    R"(usage: phononc FILE.ph [-o OUT] [--emit=ast|ir|llvm|asm|obj] [-O0|-O1|-O2|-O3]
               [--cpu=native|portable] [--passes=a,b,...] [--print-after-all] [--time-passes]
               [--verify-each]

Compiles a Phonon patch (.ph, or textual IR .pir). What -o writes follows its extension:
  -o x.o             an object file defining the `phonon_patch` descriptor
                     (runtime/include/phonon/patch_abi.h); `phonon render x.o` runs it
  -o x.ll, -o x.s    LLVM IR, assembly
  -o x.pir           the IR after the passes
  -o NAME            any other name: a standalone program that renders the patch with the
                     options of `phonon render` (minus the input, --engine and -O), linked
                     through the C++ compiler driver ($PHONON_CXX, else the compiler of this
                     build, else c++) with this build's runtime libraries (or those in
                     $PHONON_RUNTIME_DIR); `NAME --help` lists its options
options:
  --emit=KIND        ast, ir (after the passes), llvm, asm or obj, whatever -o's extension;
                     text kinds go to standard output when there is no -o
  -O0 … -O3          optimisation level of the IR passes and of LLVM (default -O2)
  --cpu=portable     code for any x86-64 (the default: SSE2, 4-wide vectors)
  --cpu=native       code for this machine's CPU and its full vector width, as the JIT makes:
                     as fast as the JIT, but only for this CPU (`phonon render x.o` refuses the
                     object on another one)
  --passes=a,b       run exactly these IR passes instead of the -O pipeline
  --print-after-all  print the IR after every pass (to standard error)
  --time-passes      print the time each pass took, and when it makes code (LLVM IR, assembly,
                     objects, programs) each code generation phase's (to standard error)
  --verify-each      verify the IR after every pass (it is always verified at the end)
Without -o or --emit the patch is only checked, for every error `phonon render` reports.

examples:
  phononc song.ph                      check song.ph for every error
  phononc song.ph --emit=ir            print the optimised IR
  phononc song.ph -o song.o            an object file: phonon render song.o -o song.wav
  phononc song.ph -o song              a program: ./song -o song.wav --duration 30
)";

enum class Emit { None, Ast, Ir, Llvm, Asm, Obj, Program };

std::optional<Emit> emitKind(const std::string& s) {
  if (s == "ast") return Emit::Ast;
  if (s == "ir") return Emit::Ir;
  if (s == "llvm") return Emit::Llvm;
  if (s == "asm") return Emit::Asm;
  if (s == "obj") return Emit::Obj;
  return std::nullopt;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int fail(const std::string& message) {
  std::cerr << "phononc: error: " << message << "\n";
  return 1;
}

int run(int argc, char** argv) {
  using namespace phonon;
  const auto started = std::chrono::steady_clock::now();
  tools::CompileRequest request;
  std::string output;
  Emit emit = Emit::None;
  codegen::Target target = codegen::Target::Portable;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "-o") {
      if (++i >= argc) return fail("-o needs a file name");
      output = argv[i];
    } else if (arg.rfind("--emit=", 0) == 0) {
      auto kind = emitKind(arg.substr(7));
      if (!kind)
        return fail("unknown --emit kind '" + arg.substr(7) + "' (ast, ir, llvm, asm or obj)");
      emit = *kind;
    } else if (arg.rfind("--cpu=", 0) == 0) {
      if (arg != "--cpu=native" && arg != "--cpu=portable")
        return fail("unknown --cpu '" + arg.substr(6) + "' (native or portable)");
      target = arg == "--cpu=native" ? codegen::Target::Host : codegen::Target::Portable;
    } else if (auto level = tools::parseOptLevel(arg)) {
      request.optLevel = *level;
    } else if (tools::parsePassOption(arg, request.passes, request.passOptions)) {
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kUsage);
    } else {
      inputs.push_back(arg);
    }
  }
  if (std::string error = tools::oneInputError(inputs, kUsage); !error.empty()) return fail(error);
  request.path = inputs[0];

  if (emit == Emit::None && !output.empty()) {
    if (endsWith(output, ".o"))
      emit = Emit::Obj;
    else if (endsWith(output, ".ll"))
      emit = Emit::Llvm;
    else if (endsWith(output, ".s"))
      emit = Emit::Asm;
    else if (endsWith(output, ".pir"))
      emit = Emit::Ir;
    else if (rt::audioFormatForPath(output))
      return fail("-o " + output + ": phononc writes programs and code, not audio; render it " +
                  "with `phonon render " + request.path + " -o " + output + "`");
    else
      emit = Emit::Program;
  }
  if (emit == Emit::Obj && output.empty())
    return fail("--emit=obj writes binary data: give an output file with -o FILE.o");

  std::string text;
  if (emit == Emit::Ast) {
    DiagnosticEngine diags;
    auto file = readSource(request.path, diags);
    if (file) {
      diags.setFile(&*file);
      if (checkSourceText(*file, diags)) text = ast::print(parse(*file, diags), *file);
    }
    diags.flush(std::cerr);
    if (diags.hasErrors()) return 1;
  } else {
    // Text IR needs no kernels; code needs every node's kernel, and a plain check reports
    // every error a render would, so that a patch phononc accepts renders.
    request.forExecution = emit != Emit::Ir;
    auto module = tools::compilePatch(request);
    if (!module) return 1;
    std::string error;
    codegen::CodegenTimes times;
    const bool timed = request.passOptions.timePasses;
    codegen::CodegenOptions options{.optLevel = request.optLevel,
                                    .times = timed ? &times : nullptr};
    // With --time-passes, code generation's phases and the total once the code is made.
    auto printTimes = [&] {
      if (timed)
        tools::printCodegenTimes(emit == Emit::Ir || emit == Emit::None ? nullptr : &times, started,
                                 std::cerr);
    };
    bool ok = true;
    switch (emit) {
    case Emit::None:
      printTimes();
      return 0;
    case Emit::Ast:
      break;
    case Emit::Ir:
      text = ir::print(*module);
      break;
    case Emit::Llvm:
      ok = codegen::emitLlvmIr(*module, options, target, text, error);
      break;
    case Emit::Asm:
      ok = codegen::emitAssembly(*module, options, target, text, error);
      break;
    case Emit::Obj:
      ok = codegen::emitObject(*module, options, target, text, error);
      break;
    case Emit::Program:
      ok = codegen::emitObject(*module, options, target, text, error);
      if (ok) printTimes();
      ok = ok && tools::linkStandaloneProgram(text, output, error);
      if (!ok) return fail(error);
      return 0;
    }
    if (!ok) return fail(error);
    printTimes();
  }
  std::string error;
  return tools::writeText(output, text, error) ? 0 : fail(error);
}

} // namespace

int main(int argc, char** argv) {
  return phonon::tools::runWithLargeStack("phononc", [&] { return run(argc, argv); });
}
