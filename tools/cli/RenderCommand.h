// What `phonon render` and a standalone program from `phononc -o patch` share: the render
// options, the render driver (files, all or none), the progress bar and the summary. Built on
// libphonon-rt alone — no LLVM, no ANTLR — so that a standalone program links without them.
#pragma once

#include "phonon/rt/Render.h"

#include <functional>
#include <optional>
#include <string>

namespace phonon::cli {

/// The render options (docs/cli.md), as parsed; finishRenderSettings checks and resolves them.
struct RenderSettings {
  std::string output;
  std::string formatName; ///< --format, or empty: from the output's extension
  std::string bitsName;   ///< --bits, or empty: the format's default
  std::optional<double> duration, cycles;
  double sampleRate = 48000;
  double block = 512;
  double threads = 0; ///< 0: one per core
  bool stems = false, multichannel = false;
  bool mono = false; ///< one channel, (L + R)/2
  bool quiet = false; ///< no progress bar, no summary
  rt::SampleSearchPath samples;

  // Resolved by finishRenderSettings.
  rt::AudioFormat format = rt::AudioFormat::Wav;
  rt::SampleFormat sampleFormat = rt::SampleFormat::Float32;
};

enum class OptionStatus { Taken, NotMine, Failed };

/// Parses the render option at argv[i] (`--key VALUE` or `--key=VALUE`; `i` moves past the
/// value). NotMine for anything that is not a render option; Failed with `error` set for a
/// render option with a bad or missing value.
OptionStatus parseRenderOption(int argc, char** argv, int& i, RenderSettings& settings,
                               std::string& error);

/// A strictly parsed finite number ("48000", "2.5"); nullopt for anything else.
std::optional<double> parseNumber(const std::string& text);

/// The value of the option at argv[i]: what follows `=` in `--key=VALUE`, else the next argument
/// (`i` moves onto it). False when there is none.
bool optionValue(int argc, char** argv, int& i, std::string& out);

/// Checks the parsed options together and resolves the format and sample format; empty, or
/// the error. Nothing has been compiled or rendered yet, so a bad option costs nothing.
std::string finishRenderSettings(RenderSettings& settings);

/// The frames the settings render of a patch at `cps`: --duration, else --cycles (default 8).
uint64_t renderFrames(const RenderSettings& settings, Rational cps);

/// How the caller reports what the render met.
struct RenderReporting {
  std::string tool;  ///< "phonon", or the program's name: prefixes errors and warnings
  std::string input; ///< the patch, as messages name it
  /// A warning of the patch (an unknown sample name …); default: `TOOL: warning: TEXT`.
  std::function<void(const std::string& warning)> warning;
  /// The first NaN or ±Inf of the output, when blocks were muted; default: the channel and
  /// the time.
  std::function<void(const rt::RenderStats& stats, const rt::RenderOptions& options)> nonFinite;
};

/// Renders `patch` into the files the settings name (all of them or none), with a progress
/// bar on a terminal and a summary on standard error (neither with --quiet). Returns the exit
/// status; errors are printed.
int renderToFiles(rt::Patch& patch, const RenderSettings& settings,
                  const RenderReporting& reporting);

/// The file of a stem beside `output`: `mix.wav` → `mix.out1.wav`.
std::string stemPath(const std::string& output, const std::string& stem);

/// "-14.0 dBFS" ("-inf dBFS" for silence).
std::string decibels(double level);

/// The help text of the render options (both tools print it).
extern const char* const kRenderOptionsHelp;

/// A progress bar on standard error: `[#####-----]  50%  4.0 / 8.0 s  212x`, redrawn at most
/// ten times a second, erased by finish(). Shown only when standard error is a terminal (or
/// PHONON_FORCE_PROGRESS=1, for tests) and not `quiet`.
class ProgressBar {
public:
  ProgressBar(uint64_t totalFrames, double sampleRate, bool quiet);
  void update(uint64_t framesDone);
  void finish();
  bool shown() const { return shown_; }
  bool drawn() const { return drawn_; }

private:
  void draw(uint64_t framesDone, double elapsed);

  uint64_t total_;
  double sampleRate_;
  bool shown_;
  bool drawn_ = false;
  double start_ = 0, lastDraw_ = 0;
};

} // namespace phonon::cli
