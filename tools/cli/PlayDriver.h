// What `phonon play` and a standalone program's --play share once they have a patch: the play
// options, --list-devices, Ctrl-C/SIGTERM with the fade and the signal's exit status, the start
// line and the xrun report. On libphonon-play and libphonon-rt alone (no LLVM, no ANTLR), so
// that a standalone program links without them.
#pragma once

#include "RenderCommand.h"

#include "phonon/play/Play.h"
#include "phonon/rt/Patch.h"

#include <atomic>
#include <optional>
#include <string>

namespace phonon::cli {

/// The play options (docs/cli.md, `phonon play`), as parsed; finishPlaySettings checks them.
struct PlaySettings {
  play::PlayOptions options; ///< --device, --latency, --sample-rate, --block
  std::optional<double> duration, cycles;
  double threads = 0; ///< 0: one per core
  rt::SampleSearchPath samples;
  bool listDevices = false;
};

/// Parses the play option at argv[i] (`--key VALUE` or `--key=VALUE`; `i` moves past the value):
/// --device, --latency, --duration, --cycles, --sample-rate, --block, --threads, --samples and
/// --list-devices. NotMine for anything else; Failed with `error` set for a play option with a
/// bad or missing value.
OptionStatus parsePlayOption(int argc, char** argv, int& i, PlaySettings& settings,
                             std::string& error);

/// Checks the parsed options together; empty, or the error. Nothing has been compiled or opened
/// yet, so a bad option costs nothing.
std::string finishPlaySettings(const PlaySettings& settings);

/// How the caller names itself and the patch.
struct PlayReporting {
  std::string tool;  ///< "phonon", or the program's name: prefixes errors and warnings
  std::string input; ///< the patch, as the start line names it
  /// The command that lists the devices, as an error about --device names it.
  std::string listDevicesCommand = "phonon play --list-devices";
};

/// Prints the output devices (index, name, host API, channels, rate, latency; `*` on the
/// default) on standard output. Returns the exit status; an error is printed under `tool`.
int listOutputDevices(const std::string& tool);

/// Plays `patch` on the sound card until the settings' duration or cycles have played, or until
/// Ctrl-C or SIGTERM (which fade out). Prints the start line and the xrun report on standard
/// output, the patch's warnings and any error on standard error. Returns the exit status; after
/// a stop by a signal it re-raises that signal, so the process ends with its conventional status
/// (130 for Ctrl-C).
int playPatch(rt::Patch& patch, const PlaySettings& settings, const PlayReporting& reporting);

/// Ctrl-C and SIGTERM while a sound card plays (`phonon play`, `phonon live`, standalone
/// programs): the first sets the returned flag (PlayOptions::stop: the player fades out), a
/// second ends the program at once. A signal the shell had ignored (a background job's SIGINT)
/// stays ignored.
std::atomic<bool>* catchStopSignals();
/// Puts back the handlers catchStopSignals found.
void releaseStopSignals();
/// If a signal stopped the playback, raises it again with its default action (after
/// releaseStopSignals and the report), so the process ends with the signal's conventional status
/// (130 for Ctrl-C) and a shell loop or script around the player stops too.
void endIfStoppedBySignal();

/// The help text of the options a standalone program's --play adds to the render options.
extern const char* const kPlayOnlyOptionsHelp;

} // namespace phonon::cli
