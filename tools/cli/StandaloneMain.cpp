// The main() of a standalone program (`phononc patch.ph -o patch`): renders the patch whose
// compiled descriptor it is linked with, with the options of `phonon render` (tools/cli), so
// that `./patch -o out.wav` writes the same file as `phonon render patch.ph -o out.wav`.
#include "RenderCommand.h"

#include "phonon/patch_abi.h"
#include "phonon/rt/Patch.h"

#include <exception>
#include <iostream>
#include <string>

extern "C" const phonon_patch_descriptor phonon_patch;

namespace {

std::string programName(const char* argv0) {
  std::string name = argv0 && *argv0 ? argv0 : "patch";
  size_t slash = name.find_last_of('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

void printHelp(const std::string& name) {
  std::cout << "usage: " << name << " -o OUT [options]\n\n"
            << "Renders the patch compiled into this program (by `phononc PATCH.ph -o " << name
            << "`) to an audio\nfile, exactly as `phonon render PATCH.ph -o OUT` does with the "
               "same options.\n\noptions:\n"
            << phonon::cli::kRenderOptionsHelp
            << "  --play              play the patch through the sound card (not in this "
               "build)\n\nexamples:\n  "
            << name << " -o out.wav --duration 4\n  " << name
            << " -o out.flac --bits 16 --cycles 16 --sample-rate 44100\n";
}

int run(int argc, char** argv) {
  using namespace phonon;
  const std::string name = programName(argv[0]);
  auto fail = [&](const std::string& message) {
    std::cerr << name << ": error: " << message << "\n";
    return 1;
  };
  cli::RenderSettings settings;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], error;
    if (arg == "-h" || arg == "--help") {
      printHelp(name);
      return 0;
    }
    switch (cli::parseRenderOption(argc, argv, i, settings, error, /*allowPlay=*/true)) {
    case cli::OptionStatus::Taken:
      continue;
    case cli::OptionStatus::Failed:
      return fail(error);
    case cli::OptionStatus::NotMine:
      break;
    }
    if (!arg.empty() && arg[0] == '-')
      return fail("unknown option '" + arg + "' (see `" + name + " --help`)");
    return fail("unexpected argument '" + arg + "': the patch is built in (see `" + name +
                " --help`)");
  }
  if (settings.play) return fail("--play: this program was built without audio output");
  if (std::string error = cli::finishRenderSettings(settings); !error.empty()) return fail(error);
  std::string error;
  std::unique_ptr<rt::DescriptorPatch> patch =
      rt::DescriptorPatch::create(&phonon_patch, nullptr, error);
  if (!patch) return fail(error);
  cli::RenderReporting reporting;
  reporting.tool = name;
  reporting.input = name;
  return cli::renderToFiles(*patch, settings, reporting);
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: internal error: an unknown exception\n";
  }
  return 1;
}
