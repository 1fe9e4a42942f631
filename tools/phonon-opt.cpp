// phonon-opt: runs IR passes on textual IR, like LLVM's `opt`.
//   phonon-opt FILE.pir [--passes=a,b,c | -O0..-O3] [--print-after-all] [--time-passes]
//              [--verify-each] [-o OUT]
#include "ToolSupport.h"

#include <iostream>

namespace {

const char* const kUsage =
    R"(usage: phonon-opt FILE.pir [--passes=a,b,... | -O0|-O1|-O2|-O3] [--print-after-all]
                  [--time-passes] [--verify-each] [-o OUT]

Reads textual IR (as `phononc --emit=ir` writes it), runs IR passes and writes the result.
  --passes=a,b       run exactly these passes, in this order
  -O0 … -O3          run the pipeline of that level (without either: no passes)
  --print-after-all  print the IR after every pass (to standard error)
  --time-passes      print the time each pass took (to standard error)
  --verify-each      verify the IR after every pass (it is always verified at the end)
  -o OUT             write the IR to OUT instead of standard output
  --list-passes      print every pass with what it does
)";

int fail(const std::string& message) {
  std::cerr << "phonon-opt: error: " << message << "\n";
  return 1;
}

int run(int argc, char** argv) {
  using namespace phonon;
  std::optional<std::vector<std::string>> names;
  std::optional<int> level;
  passes::PassManagerOptions options;
  std::string output;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--list-passes") {
      for (const passes::Pass& p : passes::allPasses())
        std::cout << p.name << std::string(26 - std::string(p.name).size(), ' ') << p.description
                  << "\n";
      return 0;
    } else if (arg == "-o") {
      if (++i >= argc) return fail("-o needs a file name");
      output = argv[i];
    } else if (auto l = tools::parseOptLevel(arg)) {
      level = *l;
    } else if (tools::parsePassOption(arg, names, options)) {
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kUsage);
    } else {
      inputs.push_back(arg);
    }
  }
  if (std::string error = tools::oneInputError(inputs, kUsage); !error.empty()) return fail(error);
  if (names && level) return fail("give --passes or an -O level, not both");
  std::optional<ir::Module> module = tools::readIrFile(inputs[0]);
  if (!module) return 1;
  std::optional<std::vector<const passes::Pass*>> pipeline =
      names   ? tools::resolvePipeline(names, 0)
      : level ? tools::resolvePipeline(std::nullopt, *level)
              : std::vector<const passes::Pass*>{};
  if (!pipeline) return 1;
  if (!passes::runPasses(*module, *pipeline, options, std::cerr, std::cerr)) return 1;
  std::string text = ir::print(*module);
  std::string error;
  return tools::writeText(output, text, error) ? 0 : fail(error);
}

} // namespace

int main(int argc, char** argv) {
  return phonon::tools::runWithLargeStack("phonon-opt", [&] { return run(argc, argv); });
}
