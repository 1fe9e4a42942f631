// The main() of a standalone program (`phononc patch.ph -o patch`): renders the patch whose
// compiled descriptor it is linked with, with the options of `phonon render` (tools/cli), so
// that `./patch -o out.wav` writes the same file as `phonon render patch.ph -o out.wav`; or,
// with --play, plays it on the sound card with the options of `phonon play`.
#include "PlayDriver.h"
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
  std::cout << "usage: " << name << " -o OUT [options]\n"
            << "       " << name << " --play [play options]\n"
            << "       " << name << " --list-devices\n\n"
            << "Renders the patch compiled into this program (by `phononc PATCH.ph -o " << name
            << "`) to an audio\nfile, exactly as `phonon render PATCH.ph -o OUT` does with the "
               "same options, or plays it\non the sound card as `phonon play PATCH.ph` does.\n\n"
               "options:\n"
            << phonon::cli::kRenderOptionsHelp << "\nplay options:\n"
            << phonon::cli::kPlayOnlyOptionsHelp << "\nexamples:\n";
  // The comments in one column, whatever the program's name.
  auto example = [&](const std::string& options, const char* comment) {
    std::string line = "  " + name + " " + options;
    if (*comment) line += std::string(line.size() < 50 ? 50 - line.size() : 1, ' ') + comment;
    std::cout << line << "\n";
  };
  example("-o out.wav --duration 4", "");
  example("-o out.flac --bits 16 --cycles 16 --sample-rate 44100", "");
  example("--play", "until Ctrl-C, default device");
  example("--play --device jack --latency 20", "through a running JACK server");
  example("--play --device 3 --cycles 16", "16 cycles on device 3");
  example("--list-devices", "");
}

/// `--play` or `--list-devices` anywhere: the options are play's, not render's.
bool playing(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--play" || arg == "--list-devices") return true;
  }
  return false;
}

int run(int argc, char** argv) {
  using namespace phonon;
  const std::string name = programName(argv[0]);
  auto fail = [&](const std::string& message) {
    std::cerr << name << ": error: " << message << "\n";
    return 1;
  };
  const bool play = playing(argc, argv);
  cli::RenderSettings renderSettings;
  cli::PlaySettings playSettings;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], error;
    const std::string key = arg.substr(0, arg.find('='));
    if (arg == "-h" || arg == "--help") {
      printHelp(name);
      return 0;
    }
    if (arg == "--play") continue;
    const cli::OptionStatus status =
        play ? cli::parsePlayOption(argc, argv, i, playSettings, error)
             : cli::parseRenderOption(argc, argv, i, renderSettings, error);
    if (status == cli::OptionStatus::Taken) continue;
    if (status == cli::OptionStatus::Failed) return fail(error);
    // An option of the other mode: say which it belongs to, rather than that it is unknown.
    int j = i;
    cli::RenderSettings otherRender;
    cli::PlaySettings otherPlay;
    const cli::OptionStatus other = play ? cli::parseRenderOption(argc, argv, j, otherRender, error)
                                         : cli::parsePlayOption(argc, argv, j, otherPlay, error);
    if (other != cli::OptionStatus::NotMine) {
      if (play && key == "-o") return fail("give -o OUT or --play, not both");
      return fail(play ? key + " is for writing a file (-o OUT), not for --play"
                       : key + " is for --play (see `" + name + " --help`)");
    }
    if (!arg.empty() && arg[0] == '-')
      return fail("unknown option '" + arg + "' (see `" + name + " --help`)");
    return fail("unexpected argument '" + arg + "': the patch is built in (see `" + name +
                " --help`)");
  }
  if (play) {
    if (playSettings.listDevices) return cli::listOutputDevices(name);
    if (std::string error = cli::finishPlaySettings(playSettings); !error.empty())
      return fail(error);
  } else if (std::string error = cli::finishRenderSettings(renderSettings); !error.empty()) {
    return fail(error);
  }
  std::string error;
  std::unique_ptr<rt::DescriptorPatch> patch =
      rt::DescriptorPatch::create(&phonon_patch, nullptr, error);
  if (!patch) return fail(error);
  if (play) {
    cli::PlayReporting reporting;
    reporting.tool = name;
    reporting.input = name;
    reporting.listDevicesCommand = name + " --list-devices";
    return cli::playPatch(*patch, playSettings, reporting);
  }
  cli::RenderReporting reporting;
  reporting.tool = name;
  reporting.input = name;
  return cli::renderToFiles(*patch, renderSettings, reporting);
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
