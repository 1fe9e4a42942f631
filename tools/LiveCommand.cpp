// `phonon live`: a live session (LiveSession.h) through the audio output, or, with --render, a
// test of what a listener would have heard: the file is edited on a script's schedule while
// the session renders in real time into a WAV file, and every edit's fate goes to a TSV log.
#include "LiveSession.h"
#include "PlayDriver.h"
#include "ToolSupport.h"

#include "phonon/play/Play.h"
#include "phonon/rt/Render.h"
#include "phonon/support/Source.h"

#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace phonon::tools {

namespace {

const char* const kLiveUsage =
    R"(usage: phonon live FILE.ph [--device NAME|INDEX] [--latency MS] [--duration S]
                   [--sample-rate R] [--block N] [--crossfade-ms MS] [--engine jit|interp]
                   [--samples DIR]... [-O0|-O1|-O2|-O3]
       phonon live FILE.ph --render OUT.wav --duration S [--edits SCRIPT] [same options]
       phonon live --list-devices

Plays FILE.ph and watches it: each time it is saved, the new version is compiled on a
background thread; if it has errors they are printed and the playing version goes on,
otherwise it is swapped in at a block boundary. Nodes whose identity is unchanged (the
output or bus they belong to, their op and their position there) keep their state:
oscillator phases, filter memories, delay lines, a fed-back bus's last sample. The voices
sounding in a sound pattern whose place is unchanged play on (a bus voice where its bus's
expression is unchanged too). What differs between the two versions is crossfaded over
--crossfade-ms (default 20); the cycle position goes on across the swap. The warnings of
a new version are printed, as its errors are.

Without --render it plays on the sound card as `phonon play` does (--device, --latency:
see `phonon play --help`) until Ctrl-C, or for --duration seconds, and says when each saved
version is heard.

--render OUT.wav --duration S renders, in real time and with no sound card, what a
listener would have heard, to a 32-bit float WAV. --edits SCRIPT changes FILE while it
renders: one edit per line, `SECONDS PATH [rename|inplace]`: at SECONDS of rendered audio
FILE's content becomes PATH's (a path relative to the script's folder), saved as an editor
does, by writing a temporary file and renaming it over FILE (`rename`, the default) or by
truncating and writing FILE itself (`inplace`); `#` starts a comment. The session's file
watcher picks each edit up like any save. OUT.wav.swaps.tsv gets one row per edit: its time,
when the new version was first heard, the latency between them, the compile time (read
to ready) and the result (swapped, or the error).

Defaults: 48000 Hz, blocks of 256, the JIT at -O2.

examples:
  phonon live song.ph
  phonon live song.ph --device jack --latency 20
  phonon live song.ph --render heard.wav --duration 4 --edits edits.txt
  printf '1.0 v2.ph\n2.0 v3.ph inplace\n' > edits.txt
)";

int fail(const std::string& message) {
  std::cerr << "phonon: error: " << message << "\n";
  return 1;
}

struct Edit {
  double seconds = 0;
  std::string path; ///< as resolved
  bool inPlace = false;
  std::string text; ///< read before the render starts
  LiveClock::time_point writtenAt;
  bool written = false;
};

/// Reads an edit script (`SECONDS PATH [rename|inplace]` per line); errors at their place.
bool readEdits(const std::string& script, std::vector<Edit>& edits) {
  std::string text;
  {
    std::ifstream in(script, std::ios::binary);
    if (!in) {
      std::cerr << "phonon: error: cannot read the edit script '" << script << "'\n";
      return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  SourceFile source(script, text);
  DiagnosticEngine diags(&source);
  const std::filesystem::path folder = std::filesystem::path(script).parent_path();
  size_t lineStart = 0;
  while (lineStart < text.size()) {
    size_t lineEnd = text.find('\n', lineStart);
    if (lineEnd == std::string::npos) lineEnd = text.size();
    size_t contentEnd = std::min(lineEnd, text.find('#', lineStart));
    // The words of the line with their offsets.
    std::vector<std::pair<size_t, std::string>> words;
    for (size_t i = lineStart; i < contentEnd;) {
      if (std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < contentEnd && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      words.emplace_back(i, text.substr(i, j - i));
      i = j;
    }
    auto at = [&](size_t w) {
      return SourceRange::at(static_cast<uint32_t>(words[w].first),
                             static_cast<uint32_t>(words[w].second.size()));
    };
    if (!words.empty()) {
      Edit e;
      std::optional<double> seconds = cli::parseNumber(words[0].second);
      if (!seconds || *seconds < 0) {
        diags.error(at(0), "expected the edit's time in seconds (a number, 0 or more)");
      } else if (words.size() < 2) {
        diags.error(SourceRange::at(static_cast<uint32_t>(contentEnd)),
                    "expected the file whose content the patch takes at " + words[0].second + " s");
      } else if (words.size() > 3 || (words.size() == 3 && words[2].second != "rename" &&
                                      words[2].second != "inplace")) {
        diags.error(at(2), "expected `rename` or `inplace` (how the file is saved), then the "
                           "end of the line");
      } else {
        e.seconds = *seconds;
        std::filesystem::path p(words[1].second);
        e.path = (p.is_absolute() ? p : folder / p).string();
        e.inPlace = words.size() == 3 && words[2].second == "inplace";
        std::ifstream in(e.path, std::ios::binary);
        if (!in) {
          diags.error(at(1), "cannot read '" + e.path + "'");
        } else {
          std::ostringstream s;
          s << in.rdbuf();
          e.text = s.str();
          if (!edits.empty() && e.seconds < edits.back().seconds)
            diags.error(at(0), "the edits must be in time order: this one comes before the "
                               "previous line's");
          edits.push_back(std::move(e));
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  diags.flush(std::cerr);
  return !diags.hasErrors();
}

/// Saves `text` as FILE the way an editor does.
bool save(const std::string& file, const std::string& text, bool inPlace, std::string& error) {
  if (inPlace) { // truncate, then write: the watcher sees the close
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) error = "cannot write '" + file + "'";
    return static_cast<bool>(out);
  }
  std::string temp = file + ".phonon-live-save";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      error = "cannot write '" + temp + "'";
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) error = "cannot rename '" + temp + "' over '" + file + "': " + ec.message();
  return !ec;
}

/// What a swap carried over, for the log: its nodes' state, and the voices and feedback
/// cells where there were any.
std::string carriedText(const LiveSwap& s) {
  std::string text = std::to_string(s.carried) + " nodes kept their state, " +
                     std::to_string(s.fresh) + " started afresh";
  if (s.voices) text += ", " + std::to_string(s.voices) + " sounding voices went on";
  if (s.cells) text += ", " + std::to_string(s.cells) + " feedback cells kept their value";
  return text;
}

/// The first line of a compile's diagnostics, for the log.
std::string firstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  for (char& c : line)
    if (c == '\t') c = ' ';
  return line;
}

/// A version's warnings for the log: the first warning's line, and how many more there were;
/// empty when there were none.
std::string warningsText(const std::string& warnings) {
  std::vector<std::string> lines;
  std::istringstream in(warnings);
  for (std::string line; std::getline(in, line);)
    if (line.find("warning: ") != std::string::npos) lines.push_back(line);
  if (lines.empty()) return {};
  std::string text = "; " + firstLine(lines.front());
  if (lines.size() > 1) text += " (and " + std::to_string(lines.size() - 1) + " more warnings)";
  return text;
}

int renderLive(const LiveOptions& options, const std::string& output, double duration,
               std::vector<Edit>& edits) {
  std::optional<rt::AudioFormat> format = rt::audioFormatForPath(output);
  if (format != rt::AudioFormat::Wav)
    return fail("--render writes a WAV file: name it OUT.wav, not '" + output + "'");
  // The file the session plays is the one the edits change; start from its own content.
  std::string error;
  std::unique_ptr<LiveSession> session = LiveSession::open(options, error);
  if (!session) return fail(error);
  if (!session->start(error)) return fail(error);

  const float rate = options.sampleRate;
  const uint64_t frames = rt::framesForSeconds(duration, rate);
  std::vector<float> left(options.blockSize), right(options.blockSize);
  std::vector<float> rendered(2 * frames); // written after the render: no I/O between blocks
  uint64_t lateBlocks = 0;
  size_t nextEdit = 0;
  rt::ScopedFlushDenormals flush;
  // Real time, as a double-buffered audio callback: each block is computed while the one
  // before it plays (one block ahead of its first sample), so a version ready during a block
  // is heard from the next block the callback computes; each edit is saved at its own time.
  const LiveClock::time_point begin = LiveClock::now();
  auto at = [&](double seconds) {
    return begin +
           std::chrono::duration_cast<LiveClock::duration>(std::chrono::duration<double>(seconds));
  };
  const uint32_t block = options.blockSize;
  for (uint64_t pos = 0; pos < frames;) {
    const LiveClock::time_point due = at(static_cast<double>(pos > block ? pos - block : 0) / rate);
    if (nextEdit < edits.size() && at(edits[nextEdit].seconds) <= due) {
      Edit& e = edits[nextEdit++];
      std::this_thread::sleep_until(at(e.seconds));
      e.writtenAt = LiveClock::now(); // the save starts: the watcher may see it at once
      if (!save(options.path, e.text, e.inPlace, error)) return fail(error);
      e.written = true;
      continue;
    }
    std::this_thread::sleep_until(due);
    const auto n = static_cast<uint32_t>(std::min<uint64_t>(block, frames - pos));
    if (LiveClock::now() - due > std::chrono::duration<double>(static_cast<double>(n) / rate))
      ++lateBlocks; // a sound card would have run dry here
    session->process(left.data(), right.data(), n);
    for (uint32_t i = 0; i < n; ++i) {
      rendered[2 * (pos + i)] = left[i];
      rendered[2 * (pos + i) + 1] = right[i];
    }
    pos += n;
  }
  // A compile still running at the end is let finish, so that its row is complete.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  session->stop();

  rt::AudioFileWriter writer;
  if (!writer.open(output, rt::AudioFormat::Wav, 2, static_cast<unsigned>(rate), error) ||
      !writer.write(rendered.data(), frames, error) || !writer.commit(error))
    return fail(error);

  // Each edit's fate: the compile that read the file after it was written (and before the
  // next edit), and the swap of that compile's version.
  std::vector<LiveCompile> compiles = session->takeCompiles();
  std::vector<LiveSwap> swaps = session->takeSwaps();
  std::ostringstream log;
  log << "edit_s\tpath\theard_s\tlatency_ms\tcompile_ms\tjit_ms\tresult\n";
  std::printf("wrote %s: %.3f s of a live session, %zu edits\n", output.c_str(),
              static_cast<double>(frames) / rate, edits.size());
  for (size_t k = 0; k < edits.size(); ++k) {
    const Edit& e = edits[k];
    char row[256];
    std::snprintf(row, sizeof row, "%.6f\t", e.seconds);
    log << row << e.path << "\t";
    const LiveCompile* compile = nullptr;
    if (e.written)
      for (const LiveCompile& c : compiles)
        if (c.readAt >= e.writtenAt &&
            (k + 1 >= edits.size() || !edits[k + 1].written || c.readAt < edits[k + 1].writtenAt))
          compile = &c;             // the last read of this edit's content
    const LiveSwap* swap = nullptr; // the version's first swap (then maybe its hand-over)
    const LiveSwap* handOver = nullptr;
    if (compile)
      for (const LiveSwap& s : swaps)
        if (s.revision == compile->revision) (s.handOver ? handOver : swap) = &s;
    if (!swap) swap = handOver;
    std::string jit = "-";
    if (compile && compile->jitMs >= 0) {
      std::snprintf(row, sizeof row, "%.1f", compile->jitMs);
      jit = row;
    }
    std::string result;
    if (!e.written) {
      log << "-\t-\t-\t-\tnot reached: after the end of the render\n";
      result = "not reached";
    } else if (!compile) {
      log << "-\t-\t-\t-\tunchanged or not compiled before the end of the render\n";
      result = "no compile";
    } else if (!compile->ok) {
      std::snprintf(row, sizeof row, "-\t-\t%.1f\t-\terror: ", compile->compileMs);
      log << row << firstLine(compile->diagnostics) << "\n";
      result = "error (the playing version went on): " + firstLine(compile->diagnostics);
    } else if (!swap) {
      std::snprintf(row, sizeof row, "-\t-\t%.1f\t%s\tnot heard before the end of the render\n",
                    compile->compileMs, jit.c_str());
      log << row;
      result = "compiled, not heard before the end";
    } else {
      double heard = static_cast<double>(swap->frame) / rate;
      double latency = (heard - e.seconds) * 1000.0;
      std::string how = swap->compiled ? "compiled code" : "the interpreter";
      if (handOver && handOver != swap) {
        std::snprintf(row, sizeof row, ", compiled code from %.4f s",
                      static_cast<double>(handOver->frame) / rate);
        how += row;
      }
      const std::string carried = carriedText(*swap) + warningsText(compile->warnings);
      std::snprintf(row, sizeof row, "%.6f\t%.2f\t%.1f\t%s\tswapped (%s): ", heard, latency,
                    compile->compileMs, jit.c_str(), how.c_str());
      log << row << carried << "\n";
      std::snprintf(row, sizeof row, "heard at %.4f s: latency %.1f ms (compile %.1f ms; %s), ",
                    heard, latency, compile->compileMs, how.c_str());
      result = row + carried;
    }
    std::printf("  edit at %.3f s (%s): %s\n", e.seconds, e.path.c_str(), result.c_str());
  }
  if (lateBlocks)
    std::printf("  %" PRIu64 " blocks were computed late (the machine was busy): latencies "
                "may read longer than a sound card would give\n",
                lateBlocks);
  if (!writeText(output + ".swaps.tsv", log.str(), error)) return fail(error);
  return 0;
}

/// A live session as the playback library's block source: blocks on its render thread, the
/// session's news printed from the thread that plays.
class LiveSource final : public play::BlockSource {
public:
  LiveSource(LiveSession& session, uint32_t blockSize)
      : session_(session), left_(blockSize), right_(blockSize) {}
  void prepare(float, uint32_t) override {}
  void render(float* interleaved, uint32_t frames) override {
    for (uint32_t done = 0; done < frames;) {
      auto n = std::min<uint32_t>(frames - done, static_cast<uint32_t>(left_.size()));
      session_.process(left_.data(), right_.data(), n);
      for (uint32_t i = 0; i < n; ++i) {
        interleaved[2 * (done + i)] = left_[i];
        interleaved[2 * (done + i) + 1] = right_[i];
      }
      done += n;
    }
  }
  void idle() override {
    for (const LiveCompile& c : session_.takeCompiles())
      if (c.ok) compileMs_.emplace_back(c.revision, c.compileMs);
    for (const LiveSwap& s : session_.takeSwaps()) {
      if (s.handOver) continue; // the same sound, now from compiled code
      double ms = 0;
      for (auto [revision, took] : compileMs_)
        if (revision == s.revision) ms = took;
      std::printf("phonon: live: version %llu heard from %.3f s (compiled in %.1f ms): %s\n",
                  static_cast<unsigned long long>(s.revision),
                  static_cast<double>(s.frame) / session_.sampleRate(), ms, carriedText(s).c_str());
      std::fflush(stdout);
    }
  }

private:
  LiveSession& session_;
  std::vector<float> left_, right_;
  std::vector<std::pair<uint64_t, double>> compileMs_;
};

int playLive(const LiveOptions& options, play::PlayOptions playOptions,
             std::optional<double> duration) {
  std::string error;
  std::unique_ptr<LiveSession> session = LiveSession::open(options, error);
  if (!session) return fail(error);
  if (!session->start(error)) return fail(error);
  LiveSource source(*session, options.blockSize);
  playOptions.sampleRate = options.sampleRate;
  playOptions.blockSize = options.blockSize;
  if (duration) playOptions.frames = rt::framesForSeconds(*duration, options.sampleRate);
  playOptions.started = [&](const play::PlayStats& s) {
    std::printf("live: playing %s on '%s' (%s) at %.0f Hz, latency %.1f ms; save it to hear the "
                "new version%s\n",
                options.path.c_str(), s.device.c_str(), s.hostApi.c_str(), s.sampleRate,
                s.deviceLatencyMs + s.bufferMs, playOptions.frames ? "" : "; Ctrl-C stops");
    std::fflush(stdout);
  };
  playOptions.stop = cli::catchStopSignals();
  play::PlayStats stats;
  const bool played = play::play(source, playOptions, stats, error);
  cli::releaseStopSignals();
  session->stop();
  source.idle(); // the last news
  if (!played) return fail("play: " + error);
  std::printf("played %.3f s%s: %" PRIu64 " xruns\n",
              static_cast<double>(stats.framesPlayed) / options.sampleRate,
              stats.interrupted ? " (stopped)" : "", stats.xruns());
  std::fflush(stdout);
  if (stats.interrupted) cli::endIfStoppedBySignal(); // the signal's status (130 for Ctrl-C)
  return 0;
}

} // namespace

int runLive(int argc, char** argv) {
  LiveOptions options;
  // The options `phonon play` takes are read as it reads them, from the session's defaults.
  cli::PlaySettings settings;
  settings.options.sampleRate = options.sampleRate;
  settings.options.blockSize = options.blockSize;
  std::string input, output, script, error;
  auto value = [&](int& i, std::string& out) { return cli::optionValue(argc, argv, i, out); };
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string key = arg.substr(0, arg.find('='));
    std::string v;
    if (arg == "-h" || arg == "--help") {
      std::cout << kLiveUsage;
      return 0;
    }
    switch (cli::parsePlayOption(argc, argv, i, settings, error)) {
    case cli::OptionStatus::Taken:
      continue;
    case cli::OptionStatus::Failed:
      return fail(error);
    case cli::OptionStatus::NotMine:
      break;
    }
    if (key == "--render") {
      if (!value(i, output)) return fail("--render needs a file name");
    } else if (key == "--edits") {
      if (!value(i, script)) return fail("--edits needs a file name");
    } else if (key == "--engine") {
      if (!value(i, v)) return fail("--engine needs a value");
      if (v != "jit" && v != "interp")
        return fail("--engine must be jit or interp, not '" + v + "'");
      options.interpreter = v == "interp";
    } else if (key == "--crossfade-ms") {
      if (!value(i, v)) return fail(key + " needs a value");
      std::optional<double> number = cli::parseNumber(v);
      if (!number || *number <= 0) return fail(key + " must be a positive number, not '" + v + "'");
      if (*number > 1000) return fail("--crossfade-ms must be at most 1000");
      options.crossfadeSeconds = *number / 1000.0;
    } else if (auto level = parseOptLevel(arg)) {
      options.optLevel = *level;
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kLiveUsage);
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("expected one input file");
    }
  }
  if (settings.listDevices) return cli::listOutputDevices("phonon");
  if (std::string problem = cli::finishPlaySettings(settings); !problem.empty())
    return fail(problem);
  if (settings.cycles) return fail("--cycles: a live session plays for --duration seconds");
  if (settings.threads) return fail("--threads: a live session plays on one thread");
  const std::optional<double> duration = settings.duration;
  if (duration && *duration > 3600) return fail("--duration: a live session lasts at most an hour");
  options.sampleRate = static_cast<float>(settings.options.sampleRate);
  options.blockSize = settings.options.blockSize;
  options.samples = settings.samples;
  play::PlayOptions playOptions = settings.options;
  if (input.empty()) return fail(std::string("live needs a patch file\n") + kLiveUsage);
  options.path = input;
  if (output.empty()) {
    if (!script.empty()) return fail("--edits goes with --render OUT.wav");
    return playLive(options, playOptions, duration);
  }
  if (!playOptions.device.empty()) return fail("--device plays on a sound card: not with --render");
  if (!duration) return fail("--render needs --duration S");
  std::vector<Edit> edits;
  if (!script.empty() && !readEdits(script, edits)) return 1;
  return renderLive(options, output, *duration, edits);
}

} // namespace phonon::tools
