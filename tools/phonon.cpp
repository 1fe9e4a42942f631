// phonon: render patches (and, later, play them live, query patterns, benchmark).
//   phonon render FILE.ph|FILE.o -o OUT.wav|.flac|.ogg|.aiff [--format F] [--duration S |
//                 --cycles N] [--sample-rate R] [--block N] [--threads N] [--engine jit|interp]
//                 [--stems | --multichannel] [-O0..-O3]
//   phonon nodes [--json | --markdown]
#include "LiveSession.h"
#include "NodeListing.h"
#include "Query.h"
#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"

#include "phonon/interp/Interpreter.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/rt/Render.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

const char* const kUsage = R"(usage: phonon COMMAND ...

commands:
  render FILE.ph|FILE.pir|FILE.o -o OUT [--format wav|flac|ogg|aiff] [--duration S |
         --cycles N] [--sample-rate R] [--block N] [--threads N] [--engine jit|interp]
         [--samples DIR]... [--stems | --multichannel] [-O0|-O1|-O2|-O3]
      Renders a patch (source, textual IR, or an object file from `phononc -o x.o`) to a
      stereo audio file whose format follows the extension of OUT (or --format): .wav
      32-bit float; .flac and .aif/.aiff 24-bit PCM, TPDF-dithered, samples beyond full
      scale clipped in the file; .ogg Ogg Vorbis (quality 0.6). The file appears only when
      the render is complete. Default: 8 cycles at 48000 Hz, blocks of 512, the JIT at -O2,
      one thread per core for the patch's parallel batches. Samples are looked for in each
      --samples DIR, then PHONON_SAMPLES (`:`-separated), then ./samples, then the
      built-in kit (docs/samples.md).
      --stems also writes each output alone beside OUT, named by the output: mix.out.wav,
      mix.out1.wav, … for -o mix.wav; --multichannel writes OUT with a channel pair per
      output instead of the main mix, in the order out, out1, out2, …. All the files appear
      together, or none.
  live FILE.ph [--render OUT.wav --duration S [--edits SCRIPT]] [--engine jit|interp] [-O0..-O3]
      Plays a patch and swaps in each saved version, keeping the state of unchanged nodes;
      --render renders a scripted session in real time (see `phonon live --help`).
  query MINI [--ops JSON] [--from T] [--to T] [--json]
  query --batch FILE|-
      Queries a mini-notation pattern (see `phonon query --help`).
  nodes [--json | --markdown]
      Lists the node catalogue with signatures; --json: every node as JSON (name, aliases,
      group, ports with their defaults, ranges, units and flags, kernel written or not);
      --markdown: docs/nodes.md.
)";

int fail(const std::string& message) {
  std::cerr << "phonon: error: " << message << "\n";
  return 1;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string decibels(double level) {
  char buf[32];
  if (level <= 0.0) return "-inf dBFS";
  std::snprintf(buf, sizeof buf, "%.1f dBFS", 20.0 * std::log10(level));
  return buf;
}

std::string nonFiniteName(float value) {
  return std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
}

/// LANGUAGE §9.2: once per render, where the first NaN or ±Inf came from. The interpreter
/// checks every value as it goes; for compiled code, which only sees its outputs, the module is
/// replayed in the interpreter up to the first non-finite output sample. An object file has
/// no IR, so only the output channel and the time can be told.
void reportNonFinite(const phonon::rt::RenderStats& stats, const phonon::rt::Patch& patch,
                     const phonon::rt::RenderOptions& options, const phonon::ir::Module* module,
                     const phonon::SourceFile* source) {
  using namespace phonon;
  if (!stats.mutedBlocks || !stats.firstNonFinite) return;
  const rt::NonFiniteSample& first = *stats.firstNonFinite;
  char when[64];
  std::snprintf(when, sizeof when, "%.3f s (sample %" PRIu64 ")",
                static_cast<double>(first.frame) / options.sampleRate, first.frame);
  std::string muted = std::to_string(stats.mutedBlocks) +
                      (stats.mutedBlocks == 1 ? " block of the output was muted"
                                              : " blocks of the output were muted");
  std::optional<rt::NonFiniteOrigin> origin = patch.nonFiniteOrigin();
  if (!origin && module) {
    try {
      origin = interp::locateNonFinite(*module, options, first.frame + 1);
    } catch (const std::exception&) {
      // The render itself got past this point; the report falls back to the channel.
    }
  }
  if (!origin || !module) {
    std::fprintf(stderr, "phonon: warning: output channel %u is %s at %s; %s (%s)\n",
                 first.channel + 1, nonFiniteName(first.value).c_str(), when, muted.c_str(),
                 module ? "the interpreter's replay did not find the node that produced it"
                        : "an object file has no source, so the node cannot be named");
    return;
  }
  const ir::Instr& in = (*module)[origin->instr];
  std::string what = in.op == ir::Opcode::Node      ? tools::quotedNodeName(*in.node)
                     : in.op == ir::Opcode::Pattern ? "the pattern"
                     : in.op == ir::Opcode::Const   ? "the constant"
                                                    : "%" + std::to_string(origin->instr);
  std::snprintf(when, sizeof when, "%.3f s (sample %" PRIu64 ")",
                static_cast<double>(origin->frame) / options.sampleRate, origin->frame);
  std::string message =
      what + " produced " + nonFiniteName(origin->value) + " at " + when + "; " + muted;
  if (in.hasLoc && source) {
    DiagnosticEngine diags(source);
    diags.warning(in.loc, message);
    diags.flush(std::cerr);
  } else {
    std::fprintf(stderr, "phonon: warning: %s (value %%%u of the IR) %s\n", what.c_str(),
                 origin->instr, message.substr(what.size() + 1).c_str());
  }
}

/// The file of a stem beside `output`: `mix.wav` → `mix.out1.wav` (the name before the
/// extension, or at the end when there is none).
std::string stemPath(const std::string& output, const std::string& stem) {
  size_t slash = output.find_last_of('/');
  size_t dot = output.find_last_of('.');
  size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
  bool extension = dot != std::string::npos && dot > nameStart; // `.hidden` has none
  if (!extension) return output + "." + stem;
  return output.substr(0, dot) + "." + stem + output.substr(dot);
}

/// Where the program writes the sound `name` (LANGUAGE §8.1: an unknown name is warned about at
/// its place when the program names it): the first such atom of a sound pattern, or the file
/// port's constant that names it.
std::optional<phonon::SourceRange> soundNameLocation(const phonon::ir::Module& m,
                                                     const std::string& name) {
  using namespace phonon;
  for (const pattern::PatternExprPtr& sound : m.voices)
    for (const pattern::SoundAtom& atom : pattern::soundAtoms(*sound))
      if (atom.name == name && atom.loc.end > atom.loc.begin)
        return SourceRange{atom.loc.begin, atom.loc.end};
  for (const ir::Instr& in : m.instrs)
    if (in.op == ir::Opcode::Const && in.hasLoc && !in.file.empty() &&
        rt::splitSoundName(in.file).first == name)
      return in.loc;
  return std::nullopt;
}

/// A warning of the render, at its place in the source where it has one.
void printRenderWarning(const std::string& warning, const phonon::ir::Module* module,
                        const phonon::SourceFile* source) {
  using namespace phonon;
  const std::string prefix = "unknown sample name `";
  if (module && source && warning.rfind(prefix, 0) == 0) {
    size_t end = warning.find('`', prefix.size());
    std::string name = warning.substr(prefix.size(), end - prefix.size());
    if (std::optional<SourceRange> at = soundNameLocation(*module, name)) {
      DiagnosticEngine diags(source);
      diags.warning(*at, warning);
      diags.flush(std::cerr);
      return;
    }
  }
  std::fprintf(stderr, "phonon: warning: %s\n", warning.c_str());
}

int render(int argc, char** argv) {
  using namespace phonon;
  std::string input, output, engine = "jit", formatName;
  bool stems = false, multichannel = false;
  std::optional<double> duration, cycles;
  double sampleRate = 48000;
  double block = 512;
  double threads = 0; // one per core
  int optLevel = 2;
  rt::SampleSearchPath samples;
  auto value = [&](int& i, const std::string& arg, std::string& out) {
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      out = arg.substr(eq + 1);
      return true;
    }
    if (i + 1 >= argc) return false;
    out = argv[++i];
    return true;
  };
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string key = arg.substr(0, arg.find('='));
    std::string v;
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "-o") {
      if (!value(i, arg, output)) return fail("-o needs a file name");
    } else if (key == "--format") {
      if (!value(i, arg, formatName)) return fail("--format needs a value");
      if (!rt::audioFormatNamed(formatName))
        return fail("--format must be wav, flac, ogg or aiff, not '" + formatName + "'");
    } else if (key == "--threads") {
      if (!value(i, arg, v)) return fail("--threads needs a value");
      auto number = tools::parseNumber(v);
      if (!number || *number < 1 || *number > 256 || *number != std::floor(*number))
        return fail("--threads must be a whole number from 1 to 256, not '" + v + "'");
      threads = *number;
    } else if (key == "--duration" || key == "--cycles" || key == "--sample-rate" ||
               key == "--block") {
      if (!value(i, arg, v)) return fail(key + " needs a value");
      auto number = tools::parseNumber(v);
      if (!number || *number <= 0) return fail(key + " must be a positive number, not '" + v + "'");
      if (key == "--duration")
        duration = *number;
      else if (key == "--cycles")
        cycles = *number;
      else if (key == "--sample-rate")
        sampleRate = *number;
      else
        block = *number;
    } else if (key == "--samples") {
      if (!value(i, arg, v)) return fail("--samples needs a folder");
      std::error_code ec;
      if (!std::filesystem::is_directory(v, ec))
        return fail("--samples: '" + v + "' is not a folder");
      samples.dirs.push_back(v);
    } else if (key == "--engine") {
      if (!value(i, arg, engine)) return fail("--engine needs a value");
      if (engine != "jit" && engine != "interp")
        return fail("--engine must be jit or interp, not '" + engine + "'");
    } else if (arg == "--stems") {
      stems = true;
    } else if (arg == "--multichannel") {
      multichannel = true;
    } else if (auto level = tools::parseOptLevel(arg)) {
      optLevel = *level;
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kUsage);
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("expected one input file");
    }
  }
  if (input.empty()) return fail("render needs an input file\n" + std::string(kUsage));
  if (output.empty()) return fail("render needs an output file: -o OUT.wav");
  // Decided before anything is compiled or rendered: never a WAV under another name.
  std::optional<rt::AudioFormat> format =
      formatName.empty() ? rt::audioFormatForPath(output) : rt::audioFormatNamed(formatName);
  if (!format)
    return fail("cannot tell the format of '" + output + "' from its extension; phonon writes " +
                rt::audioFormatChoices() + " (or name one with --format)");
  if (duration && cycles) return fail("give --duration or --cycles, not both");
  if (stems && multichannel) return fail("give --stems or --multichannel, not both");
  if (sampleRate < 1000 || sampleRate > 768000 || sampleRate != std::floor(sampleRate))
    return fail("--sample-rate must be a whole number of Hz between 1000 and 768000");
  if (block < 1 || block > 16384 || block != std::floor(block))
    return fail("--block must be a whole number between 1 and 16384");
  if ((duration && *duration > 86400) || (cycles && *cycles > 1e7))
    return fail("the render is longer than 24 hours");

  std::unique_ptr<rt::Patch> patch;
  std::optional<ir::Module> module; // none for an object file
  std::optional<SourceFile> source; // a .ph input's text, for located warnings
  std::string error;
  if (endsWith(input, ".o")) {
    if (engine == "interp")
      return fail(input + " is compiled code: it runs with --engine jit only");
    if (const codegen::JitApi* jit = codegen::loadJitModule(error))
      patch = jit->loadObjectFile(input, error);
  } else {
    tools::CompileRequest request;
    request.path = input;
    request.optLevel = optLevel;
    request.keepSource = &source;
    module = tools::compilePatch(request);
    if (!module) return 1;
    if (engine == "interp")
      patch = std::make_unique<interp::InterpretedPatch>(*module);
    else if (const codegen::JitApi* jit = codegen::loadJitModule(error))
      patch = jit->compileJit(*module, codegen::CodegenOptions{optLevel}, error);
  }
  if (!patch) return fail(error);
  patch->setSampleSearchPath(samples);

  rt::RenderOptions options;
  options.sampleRate = static_cast<float>(sampleRate);
  options.blockSize = static_cast<uint32_t>(block);
  options.threads = static_cast<unsigned>(threads);
  if (duration)
    options.frames = rt::framesForSeconds(*duration, options.sampleRate);
  else
    options.frames = rt::framesForCycles(cycles.value_or(8.0), patch->cps(), options.sampleRate);
  if (options.frames > static_cast<uint64_t>(86400 * sampleRate))
    return fail("the render is longer than 24 hours");

  const std::vector<std::string> stemNames = patch->stemNames();
  if ((stems || multichannel) && stemNames.empty())
    return fail(std::string(stems ? "--stems" : "--multichannel") + ": " + input +
                " writes no output apart (its IR has no `stem`)");
  const unsigned rate = static_cast<unsigned>(sampleRate);
  rt::AudioFileWriter writer;
  std::vector<rt::AudioFileWriter> stemWriters(stems ? stemNames.size() : 0);
  rt::RenderTargets targets;
  const unsigned channels =
      multichannel ? static_cast<unsigned>(2 * stemNames.size()) : patch->channels();
  if (!writer.open(output, *format, channels, rate, error)) return fail(error);
  (multichannel ? targets.allStems : targets.mix) = &writer;
  for (size_t s = 0; s < stemWriters.size(); ++s) {
    if (!stemWriters[s].open(stemPath(output, stemNames[s]), *format, 2, rate, error))
      return fail(error); // the writers opened so far remove their temporary files
    targets.stems.push_back(&stemWriters[s]);
  }
  rt::RenderStats stats;
  if (!rt::renderToFiles(*patch, options, targets, stats, error)) return fail(error);

  double seconds = static_cast<double>(stats.frames) / sampleRate;
  const std::vector<rt::ChannelStats>& written = multichannel ? stats.stemChannels : stats.channels;
  rt::RenderStats file;
  file.frames = stats.frames;
  file.channels = written;
  std::printf("wrote %s: %.3f s, %u channels, %.0f Hz, %s\n", output.c_str(), seconds, channels,
              sampleRate, rt::describe(*format));
  std::printf("  duration %.3f s  peak %.6f (%s)  RMS %.6f (%s)\n", seconds, file.peak(),
              decibels(file.peak()).c_str(), file.rms(), decibels(file.rms()).c_str());
  if (writer.clippedSamples())
    std::printf("  %" PRIu64 " samples beyond full scale were clipped in the %s file\n",
                writer.clippedSamples(), rt::describe(*format));
  // Each stem's level (LANGUAGE §9.2: per output).
  for (size_t s = 0; s < stemWriters.size(); ++s) {
    rt::RenderStats one;
    one.frames = stats.frames;
    one.channels = {stats.stemChannels[2 * s], stats.stemChannels[2 * s + 1]};
    std::printf("wrote %s: peak %.6f (%s)  RMS %.6f (%s)\n", stemWriters[s].path().c_str(),
                one.peak(), decibels(one.peak()).c_str(), one.rms(), decibels(one.rms()).c_str());
    if (stemWriters[s].clippedSamples())
      std::printf("  %" PRIu64 " samples beyond full scale were clipped in the %s file\n",
                  stemWriters[s].clippedSamples(), rt::describe(*format));
  }
  std::fflush(stdout); // the summary first, then any warnings
  for (size_t c = 0; c < written.size(); ++c)
    if (written[c].clipped)
      std::fprintf(stderr, "phonon: warning: channel %zu: %llu samples above 0 dBFS (peak %s)\n",
                   c + 1, static_cast<unsigned long long>(written[c].clipped),
                   decibels(written[c].peak).c_str());
  for (size_t c = 0; c < stemWriters.size() * 2; ++c)
    if (stats.stemChannels[c].clipped)
      std::fprintf(stderr,
                   "phonon: warning: %s, channel %zu: %llu samples above 0 dBFS (peak %s)\n",
                   stemNames[c / 2].c_str(), c % 2 + 1,
                   static_cast<unsigned long long>(stats.stemChannels[c].clipped),
                   decibels(stats.stemChannels[c].peak).c_str());
  if (stats.mutedStemBlocks)
    std::fprintf(stderr,
                 "phonon: warning: %llu blocks of stems held NaN or Inf and were silenced\n",
                 static_cast<unsigned long long>(stats.mutedStemBlocks));
  for (const std::string& w : stats.warnings)
    printRenderWarning(w, module ? &*module : nullptr, source ? &*source : nullptr);
  reportNonFinite(stats, *patch, options, module ? &*module : nullptr, source ? &*source : nullptr);
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) return fail("no command\n" + std::string(kUsage));
  std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "render") return render(argc - 2, argv + 2);
  if (command == "live") return phonon::tools::runLive(argc - 2, argv + 2);
  if (command == "nodes") return phonon::tools::runNodes(argc - 2, argv + 2);
  if (command == "query") return phonon::tools::runQuery(argc - 2, argv + 2);
  return fail("unknown command '" + command + "'\n" + kUsage);
}

} // namespace

int main(int argc, char** argv) {
  return phonon::tools::runWithLargeStack("phonon", [&] { return run(argc, argv); });
}
