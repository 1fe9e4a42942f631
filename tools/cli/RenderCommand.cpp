#include "RenderCommand.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace phonon::cli {

const char* const kRenderOptionsHelp =
    R"(  -o OUT              the file to write; its extension names the format: .wav, .flac,
                      .ogg (Ogg Vorbis, quality 0.6), .aif or .aiff
  --format F          wav, flac, ogg or aiff, whatever OUT's extension
  --bits B            16, 24 or 32f: the samples of a WAV (default 32f), FLAC (16 or 24,
                      default 24) or AIFF (16 or 24, default 24); integer samples are
                      TPDF-dithered and clipped at full scale in the file; not for .ogg
  --duration S        render S seconds, or
  --cycles N          N cycles at the patch's tempo (default 8 cycles)
  --sample-rate R     in Hz, 1000 to 768000 (default 48000)
  --block N           samples per block, 1 to 16384 (default 512)
  --threads N         threads for the patch's parallel batches, 1 to 256 (default: one per
                      core)
  --samples DIR       look for samples in DIR first (may be repeated), then PHONON_SAMPLES
                      (`:`-separated), ./samples and the built-in kit
  --stems             also write each output alone beside OUT: mix.out.wav, mix.out1.wav, …
  --multichannel      write OUT with a channel pair per output (out, out1, …) instead
  --mono              write OUT with one channel, the mix's (L + R)/2 (as the `mono` node)
  --quiet             no progress bar and no summary (errors and warnings still print)
)";

std::optional<double> parseNumber(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool optionValue(int argc, char** argv, int& i, std::string& out) {
  const std::string arg = argv[i];
  if (size_t eq = arg.find('='); eq != std::string::npos) {
    out = arg.substr(eq + 1);
    return true;
  }
  if (i + 1 >= argc) return false;
  out = argv[++i];
  return true;
}

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// "212x realtime"; a render too quick to time says so.
std::string realtimeFactor(double audioSeconds, double wallSeconds) {
  char buf[48];
  if (wallSeconds < 1e-6) return "too fast to time";
  double factor = audioSeconds / wallSeconds;
  std::snprintf(buf, sizeof buf, factor >= 10 ? "%.0fx realtime" : "%.1fx realtime", factor);
  return buf;
}

uint64_t clippedSamples(const std::vector<rt::ChannelStats>& channels) {
  uint64_t n = 0;
  for (const rt::ChannelStats& c : channels) n += c.clipped;
  return n;
}

std::string nonFiniteName(float value) {
  return std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
}

} // namespace

std::string decibels(double level) {
  char buf[32];
  if (level <= 0.0) return "-inf dBFS";
  std::snprintf(buf, sizeof buf, "%.1f dBFS", 20.0 * std::log10(level));
  return buf;
}

std::string stemPath(const std::string& output, const std::string& stem) {
  size_t slash = output.find_last_of('/');
  size_t dot = output.find_last_of('.');
  size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
  bool extension = dot != std::string::npos && dot > nameStart; // `.hidden` has none
  if (!extension) return output + "." + stem;
  return output.substr(0, dot) + "." + stem + output.substr(dot);
}

OptionStatus parseRenderOption(int argc, char** argv, int& i, RenderSettings& s,
                               std::string& error) {
  const std::string arg = argv[i];
  const std::string key = arg.substr(0, arg.find('='));
  std::string v;
  auto value = [&](std::string& out) { return optionValue(argc, argv, i, out); };
  auto failed = [&](std::string message) {
    error = std::move(message);
    return OptionStatus::Failed;
  };
  if (arg == "-o") {
    if (!value(s.output)) return failed("-o needs a file name");
  } else if (key == "--format") {
    if (!value(s.formatName)) return failed("--format needs a value");
    if (!rt::audioFormatNamed(s.formatName))
      return failed("--format must be wav, flac, ogg or aiff, not '" + s.formatName + "'");
  } else if (key == "--bits") {
    if (!value(s.bitsName)) return failed("--bits needs a value");
    if (!rt::sampleFormatNamed(s.bitsName))
      return failed("--bits must be 16, 24 or 32f, not '" + s.bitsName + "'");
  } else if (key == "--threads") {
    if (!value(v)) return failed("--threads needs a value");
    auto number = parseNumber(v);
    if (!number || *number < 1 || *number > 256 || *number != std::floor(*number))
      return failed("--threads must be a whole number from 1 to 256, not '" + v + "'");
    s.threads = *number;
  } else if (key == "--duration" || key == "--cycles" || key == "--sample-rate" ||
             key == "--block") {
    if (!value(v)) return failed(key + " needs a value");
    auto number = parseNumber(v);
    if (!number || *number <= 0) return failed(key + " must be a positive number, not '" + v + "'");
    if (key == "--duration")
      s.duration = *number;
    else if (key == "--cycles")
      s.cycles = *number;
    else if (key == "--sample-rate")
      s.sampleRate = *number;
    else
      s.block = *number;
  } else if (key == "--samples") {
    if (!value(v)) return failed("--samples needs a folder");
    std::error_code ec;
    if (!std::filesystem::is_directory(v, ec))
      return failed("--samples: '" + v + "' is not a folder");
    s.samples.dirs.push_back(v);
  } else if (arg == "--stems") {
    s.stems = true;
  } else if (arg == "--multichannel") {
    s.multichannel = true;
  } else if (arg == "--mono") {
    s.mono = true;
  } else if (arg == "--quiet" || arg == "-q") {
    s.quiet = true;
  } else {
    return OptionStatus::NotMine;
  }
  return OptionStatus::Taken;
}

std::string finishRenderSettings(RenderSettings& s) {
  if (s.output.empty()) return "render needs an output file: -o OUT.wav";
  // Decided before anything is compiled or rendered: never a WAV under another name.
  std::optional<rt::AudioFormat> format =
      s.formatName.empty() ? rt::audioFormatForPath(s.output) : rt::audioFormatNamed(s.formatName);
  if (!format)
    return "cannot tell the format of '" + s.output + "' from its extension; phonon writes " +
           rt::audioFormatChoices() + " (or name one with --format)";
  s.format = *format;
  s.sampleFormat = rt::defaultSampleFormat(s.format);
  if (!s.bitsName.empty()) {
    s.sampleFormat = *rt::sampleFormatNamed(s.bitsName);
    if (std::string problem = rt::sampleFormatProblem(s.format, s.sampleFormat); !problem.empty())
      return "--bits " + s.bitsName + ": " + problem;
  }
  if (s.duration && s.cycles) return "give --duration or --cycles, not both";
  if (s.stems && s.multichannel) return "give --stems or --multichannel, not both";
  if (s.mono && (s.stems || s.multichannel))
    return std::string("--mono writes one channel, not the outputs apart: not with ") +
           (s.stems ? "--stems" : "--multichannel");
  if (s.sampleRate < 1000 || s.sampleRate > 768000 || s.sampleRate != std::floor(s.sampleRate))
    return "--sample-rate must be a whole number of Hz between 1000 and 768000";
  if (s.block < 1 || s.block > 16384 || s.block != std::floor(s.block))
    return "--block must be a whole number between 1 and 16384";
  if ((s.duration && *s.duration > 86400) || (s.cycles && *s.cycles > 1e7))
    return "the render is longer than 24 hours";
  return "";
}

uint64_t renderFrames(const RenderSettings& s, Rational cps) {
  const auto rate = static_cast<float>(s.sampleRate);
  return s.duration ? rt::framesForSeconds(*s.duration, rate)
                    : rt::framesForCycles(s.cycles.value_or(8.0), cps, rate);
}

ProgressBar::ProgressBar(uint64_t totalFrames, double sampleRate, bool quiet)
    : total_(totalFrames), sampleRate_(sampleRate) {
  const char* forced = std::getenv("PHONON_FORCE_PROGRESS");
  shown_ = !quiet && (isatty(STDERR_FILENO) || (forced && std::strcmp(forced, "1") == 0));
  start_ = lastDraw_ = now();
}

void ProgressBar::update(uint64_t framesDone) {
  if (!shown_) return;
  double t = now();
  if (t - lastDraw_ < 0.1) return; // at most ten redraws a second
  lastDraw_ = t;
  draw(framesDone, t - start_);
}

void ProgressBar::draw(uint64_t framesDone, double elapsed) {
  constexpr int kWidth = 30;
  double fraction = total_ ? static_cast<double>(framesDone) / static_cast<double>(total_) : 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  char bar[kWidth + 1];
  for (int k = 0; k < kWidth; ++k) bar[k] = k < filled ? '#' : '-';
  bar[kWidth] = '\0';
  double done = static_cast<double>(framesDone) / sampleRate_;
  double total = static_cast<double>(total_) / sampleRate_;
  char speed[32] = "";
  if (elapsed > 1e-6) std::snprintf(speed, sizeof speed, "  %.0fx", done / elapsed);
  std::fprintf(stderr, "\r[%s] %3d%%  %.1f / %.1f s%s\033[K", bar,
               static_cast<int>(fraction * 100.0), done, total, speed);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!shown_) return;
  // The bar's final state stays on its line, above the summary.
  draw(total_, now() - start_);
  std::fputc('\n', stderr);
  shown_ = false;
}

namespace {

/// Erases a bar that an error interrupts, so the error starts its own line.
struct ProgressGuard {
  ProgressBar& bar;
  bool completed = false;
  ~ProgressGuard() {
    if (!completed && bar.drawn()) std::fputs("\r\033[K", stderr);
  }
};

void defaultNonFinite(const std::string& tool, const rt::RenderStats& stats,
                      const rt::RenderOptions& options) {
  if (!stats.mutedBlocks || !stats.firstNonFinite) return;
  const rt::NonFiniteSample& first = *stats.firstNonFinite;
  std::fprintf(
      stderr,
      "%s: warning: output channel %u is %s at %.3f s (sample %" PRIu64 "); %" PRIu64 " %s muted\n",
      tool.c_str(), first.channel + 1, nonFiniteName(first.value).c_str(),
      static_cast<double>(first.frame) / options.sampleRate, first.frame, stats.mutedBlocks,
      stats.mutedBlocks == 1 ? "block of the output was" : "blocks of the output were");
}

} // namespace

int renderToFiles(rt::Patch& patch, const RenderSettings& s, const RenderReporting& reporting) {
  auto fail = [&](const std::string& message) {
    std::cerr << reporting.tool << ": error: " << message << "\n";
    return 1;
  };
  patch.setSampleSearchPath(s.samples);

  rt::RenderOptions options;
  options.sampleRate = static_cast<float>(s.sampleRate);
  options.blockSize = static_cast<uint32_t>(s.block);
  options.threads = static_cast<unsigned>(s.threads);
  options.mono = s.mono;
  options.frames = renderFrames(s, patch.cps());
  if (options.frames > static_cast<uint64_t>(86400 * s.sampleRate))
    return fail("the render is longer than 24 hours");

  const std::vector<std::string> stemNames = patch.stemNames();
  if ((s.stems || s.multichannel) && stemNames.empty())
    return fail(std::string(s.stems ? "--stems" : "--multichannel") + ": " + reporting.input +
                " writes no output apart (its IR has no `stem`)");
  const unsigned rate = static_cast<unsigned>(s.sampleRate);
  rt::AudioFileWriter writer;
  std::vector<rt::AudioFileWriter> stemWriters(s.stems ? stemNames.size() : 0);
  rt::RenderTargets targets;
  const unsigned channels = s.multichannel ? static_cast<unsigned>(2 * stemNames.size())
                            : s.mono       ? 1u
                                           : patch.channels();
  std::string error;
  if (!writer.open(s.output, s.format, s.sampleFormat, channels, rate, error)) return fail(error);
  (s.multichannel ? targets.allStems : targets.mix) = &writer;
  for (size_t k = 0; k < stemWriters.size(); ++k) {
    if (!stemWriters[k].open(stemPath(s.output, stemNames[k]), s.format, s.sampleFormat, 2, rate,
                             error))
      return fail(error); // the writers opened so far remove their temporary files
    targets.stems.push_back(&stemWriters[k]);
  }

  ProgressBar progress(options.frames, s.sampleRate, s.quiet);
  ProgressGuard guard{progress};
  if (progress.shown()) options.progress = [&](uint64_t done) { progress.update(done); };
  rt::RenderStats stats;
  const auto start = std::chrono::steady_clock::now();
  if (!rt::renderToFiles(patch, options, targets, stats, error)) return fail(error);
  const double wall = secondsSince(start);
  guard.completed = true;
  progress.finish();

  const double seconds = static_cast<double>(stats.frames) / s.sampleRate;
  const std::vector<rt::ChannelStats>& written =
      s.multichannel ? stats.stemChannels : stats.channels;
  const std::string described = rt::describe(s.format, s.sampleFormat);
  if (!s.quiet) {
    rt::RenderStats file;
    file.frames = stats.frames;
    file.channels = written;
    std::fprintf(stderr, "rendered %.3f s to %s: peak %s, RMS %s, %" PRIu64 " clipped, %s\n",
                 seconds, s.output.c_str(), decibels(file.peak()).c_str(),
                 decibels(file.rms()).c_str(), clippedSamples(written),
                 realtimeFactor(seconds, wall).c_str());
    std::fprintf(stderr, "  %s, %u channel%s, %.0f Hz; peak %.6f, RMS %.6f\n", described.c_str(),
                 channels, channels == 1 ? "" : "s", s.sampleRate, file.peak(), file.rms());
    if (writer.clippedSamples())
      std::fprintf(stderr, "  %" PRIu64 " samples beyond full scale were clipped in the %s file\n",
                   writer.clippedSamples(), described.c_str());
    // Each stem's level (LANGUAGE §9.2: per output).
    for (size_t k = 0; k < stemWriters.size(); ++k) {
      rt::RenderStats one;
      one.frames = stats.frames;
      one.channels = {stats.stemChannels[2 * k], stats.stemChannels[2 * k + 1]};
      std::fprintf(stderr, "  stem %s: %s, peak %s, RMS %s, %" PRIu64 " clipped\n",
                   stemNames[k].c_str(), stemWriters[k].path().c_str(),
                   decibels(one.peak()).c_str(), decibels(one.rms()).c_str(),
                   clippedSamples(one.channels));
      if (stemWriters[k].clippedSamples())
        std::fprintf(stderr,
                     "  %" PRIu64 " samples beyond full scale were clipped in the %s file\n",
                     stemWriters[k].clippedSamples(), described.c_str());
    }
    // The files the patch's `tap` nodes wrote.
    for (const rt::RenderStats::WrittenTap& tap : stats.taps)
      std::fprintf(stderr, "  wrote tap %s (%.3f s)\n", tap.path.c_str(),
                   static_cast<double>(tap.frames) / s.sampleRate);
  }
  for (size_t c = 0; c < written.size(); ++c)
    if (written[c].clipped)
      std::fprintf(stderr, "%s: warning: channel %zu: %" PRIu64 " samples above 0 dBFS (peak %s)\n",
                   reporting.tool.c_str(), c + 1, written[c].clipped,
                   decibels(written[c].peak).c_str());
  for (size_t c = 0; c < stemWriters.size() * 2; ++c)
    if (stats.stemChannels[c].clipped)
      std::fprintf(stderr,
                   "%s: warning: %s, channel %zu: %" PRIu64 " samples above 0 dBFS (peak %s)\n",
                   reporting.tool.c_str(), stemNames[c / 2].c_str(), c % 2 + 1,
                   stats.stemChannels[c].clipped, decibels(stats.stemChannels[c].peak).c_str());
  if (stats.mutedStemBlocks)
    std::fprintf(stderr,
                 "%s: warning: %" PRIu64 " blocks of stems held NaN or Inf and were silenced\n",
                 reporting.tool.c_str(), stats.mutedStemBlocks);
  for (const std::string& w : stats.warnings) {
    if (reporting.warning)
      reporting.warning(w);
    else
      std::fprintf(stderr, "%s: warning: %s\n", reporting.tool.c_str(), w.c_str());
  }
  if (reporting.nonFinite)
    reporting.nonFinite(stats, options);
  else
    defaultNonFinite(reporting.tool, stats, options);
  return 0;
}

} // namespace phonon::cli
