// The nodes of LANGUAGE §7 whose kernels are not written yet, by signature only: sema checks
// every program against the whole catalogue from the start, and code generation and the
// interpreter refuse these nodes with a clear "not available yet" (NodeInfo::hasKernel).
// When a kernel is written, its line moves out of this table into a node struct (NodeList.def).
//
// Signature syntax, one token per port, as in LANGUAGE §7: `name`, `name=default`,
// `name=default[lo,hi]`, `name="word"`, then tags: `:Hz` (a pitch parameter converted to Hz),
// `:signal` (an audio input, passed unsanitised), `:const` (a compile-time number, `!` in §7),
// `:words`, `:bools` (how a string there is read), `:list`, `:variadic` (the last port
// repeats), `:leading` (present only when every later port is given). A first port named `in`
// is the node's input (§3.3).
#include "phonon/nodes/Catalogue.h"

#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

namespace phonon::nodes {
namespace {

enum : uint32_t { S = NodeStateful, R = NodeStateful | NodeRandom, P = 0 };

struct Declaration {
  const char* names; ///< the name, then its aliases
  Group group;
  uint32_t flags;
  const char* signature;
  const char* doc;
};

// clang-format off
const Declaration kDeclared[] = {
  // §7.1 Oscillators and sources
  {"pulse", Group::Oscillator, S, "freq:Hz width=0.5[0.01,0.99]", "pulse wave, PolyBLEP"},
  {"vco", Group::Oscillator, S, "freq:Hz wave=0 pw=0.5", "saw, pulse, tri or sine by `wave`"},
  {"impulse", Group::Oscillator, S, "freq:Hz", "1 on each phase wrap"},
  {"blip", Group::Oscillator, S, "freq:Hz", "band-limited impulse train"},
  {"wavetable", Group::Oscillator, S, "freq:Hz", "2048-point sine table"},
  {"additive", Group::Oscillator, S, "freq:Hz amps:list:const", "sum of harmonics"},
  {"saw_hz", Group::Oscillator, S, "freq:Hz", "exactly band-limited saw"},
  {"square_hz", Group::Oscillator, S, "freq:Hz", "exactly band-limited square"},
  {"triangle_hz", Group::Oscillator, S, "freq:Hz", "exactly band-limited triangle"},
  {"organ organ_hz", Group::Oscillator, S, "freq:Hz", "octave partials"},
  {"soft_saw soft_saw_hz", Group::Oscillator, S, "freq:Hz", "saw with 1/k² partials"},
  {"fm", Group::Oscillator, S, "carrier:Hz modfreq:Hz index", "two-operator FM"},
  {"pm", Group::Oscillator, S, "carrier:Hz mod:signal index", "phase modulation"},
  {"pluck", Group::Oscillator, R, "freq:Hz damping=0.5[0,1]", "Karplus-Strong string"},
  {"waveguide", Group::Oscillator, R, "freq:Hz damping=0.5[0,1] pickup=0.5[0,1]", "waveguide string"},
  {"supersaw", Group::Oscillator, S, "freq:Hz detune=0.3:const voices=7[1,7]:const", "detuned saws"},
  {"superpwm", Group::Oscillator, S, "freq:Hz rate=0.5:const depth=0.8[0,1]:const", "modulated pulse"},
  {"superchip", Group::Oscillator, S, "freq:Hz vib_rate=5:const vib_depth=0.05:const", "chip square with vibrato"},
  {"superfm", Group::Oscillator, S, "freq:Hz ratio=2:const index=1:const", "FM voice"},
  {"superkick", Group::Oscillator, R, "freq=50:Hz pitch_env=0.5 sustain=0.3:const noise=0.1", "kick drum"},
  {"supersnare", Group::Oscillator, R, "freq=180:Hz snappy=0.8:const sustain=0.08:const", "snare drum"},
  {"superhat", Group::Oscillator, R, "bright=0.7:const sustain=0.05:const", "hi-hat"},
  {"pink pink_noise", Group::Noise, R, "", "pink noise (Kellet)"},
  {"brown_noise", Group::Noise, R, "", "brown noise"},
  // §7.2 Pattern-derived sources
  {"synth midiSynth midi_synth", Group::Pattern, S,
   "notes:Hz wave=\"saw\":words a=0.01 d=0.1 s=0.7 r=0.2", "one voice per event"},
  {"sine_trig", Group::Pattern, S, "notes:Hz a=0.001 d=0.1 s=0 r=0.1", "sine voices"},
  {"saw_trig", Group::Pattern, S, "notes:Hz a=0.001 d=0.1 s=0 r=0.1", "saw voices"},
  {"square_trig", Group::Pattern, S, "notes:Hz a=0.001 d=0.1 s=0 r=0.1", "square voices"},
  {"tri_trig", Group::Pattern, S, "notes:Hz a=0.001 d=0.1 s=0 r=0.1", "triangle voices"},
  {"struct", Group::Pattern, S, "bools:bools sig:signal", "sig × an ADSR at each true onset"},
  {"env_trig", Group::Pattern, S, "in:signal pat a=0.001 d=0.1 s=0 r=0.1", "input times an ADSR per event"},
  {"mtof", Group::Pattern, P, "x", "MIDI note to Hz"},
  {"ftom", Group::Pattern, P, "x", "Hz to MIDI note"},
  // §7.3 Filters
  {"bpf", Group::Filter, S, "in:signal center:Hz q=1[0.05,100]", "SVF band-pass (0 dB peak)"},
  {"notch", Group::Filter, S, "in:signal center:Hz q=1[0.05,100]", "SVF notch"},
  {"svf_lp", Group::Filter, S, "in:signal freq:Hz res=0[0,0.99]", "SVF low-pass by resonance"},
  {"svf_hp", Group::Filter, S, "in:signal freq:Hz res=0[0,0.99]", "SVF high-pass by resonance"},
  {"svf_bp", Group::Filter, S, "in:signal freq:Hz res=0[0,0.99]", "SVF band-pass by resonance"},
  {"svf_notch", Group::Filter, S, "in:signal freq:Hz res=0[0,0.99]", "SVF notch by resonance"},
  {"bq_lp", Group::Filter, S, "in:signal freq:Hz q=0.707", "RBJ low-pass biquad"},
  {"bq_hp", Group::Filter, S, "in:signal freq:Hz q=0.707", "RBJ high-pass biquad"},
  {"bq_bp", Group::Filter, S, "in:signal freq:Hz q=0.707", "RBJ band-pass biquad"},
  {"bq_notch", Group::Filter, S, "in:signal freq:Hz q=0.707", "RBJ notch biquad"},
  {"rlpf", Group::Filter, S, "in:signal cutoff:Hz res=0[0,0.99]", "resonant RBJ low-pass"},
  {"rhpf", Group::Filter, S, "in:signal cutoff:Hz res=0[0,0.99]", "resonant RBJ high-pass"},
  {"resonz", Group::Filter, S, "in:signal freq:Hz q=1", "RBJ band-pass, 0 dB peak"},
  {"moog moog_hz moog_ladder", Group::Filter, S, "in:signal cutoff:Hz res=0[0,1]", "4-pole ladder"},
  {"comb", Group::Filter, S, "in:signal freq:Hz fb=0.5[-0.999,0.999]", "feedback comb"},
  {"allpass", Group::Filter, S, "in:signal coef[-0.999,0.999]", "first-order allpass"},
  {"djf", Group::Filter, S, "in:signal value[0,1]", "DJ filter"},
  {"eq parametric_eq", Group::Filter, S,
   "in:signal lf=100:Hz lg=0 lq=0.7 mf=1000:Hz mg=0 mq=0.7 hf=8000:Hz hg=0 hq=0.7", "three-band peaking EQ"},
  {"formant", Group::Filter, S, "in:signal f1:Hz f2:Hz f3:Hz bw1=80 bw2=90 bw3=120", "three band-passes"},
  {"vowel", Group::Filter, S, "in:signal v:words", "formant filter by vowel"},
  // §7.4 Envelopes and ramps
  {"adsr", Group::Envelope, S, "a d s=0.7 r=0.2", "ADSR per cycle"},
  {"ad", Group::Envelope, S, "a d", "attack-decay per cycle"},
  {"line", Group::Envelope, S, "start end", "ramp over each cycle"},
  {"env envelope", Group::Envelope, S, "a d s r", "ADSR from instance start"},
  {"asr", Group::Envelope, S, "gate a r", "attack-sustain-release on a gate"},
  {"xline", Group::Envelope, S, "start end dur", "exponential ramp"},
  {"curve", Group::Envelope, S, "start end dur curve=0", "curved ramp"},
  {"segments", Group::Envelope, S, "levels:list times:list", "breakpoint envelope"},
  {"lag", Group::Envelope, S, "in:signal time", "one-pole smoothing"},
  // §7.5 Effects
  {"reverb", Group::Effect, S, "in:signal room[0,1] damping[0,1] mix=0.3[0,1]", "Freeverb"},
  {"reverb_stereo", Group::Effect, S, "in:signal wet time", "stereo Freeverb by decay time"},
  {"plate", Group::Effect, S,
   "in:signal predelay decay diffusion=0.7 damping=0.3 mod_depth=0.3 mix=0.5", "Dattorro plate"},
  {"lush", Group::Effect, S,
   "in:signal predelay=0.02:leading decay diffusion=0.7 damping=0.3 spin=0.3 wander=0.2 freeze=0 mix=0.5",
   "8-line feedback delay network"},
  {"convolve convolution", Group::Effect, S, "in:signal ir=\"\":words mix=0.5", "FFT convolution"},
  {"freeze", Group::Effect, R, "in:signal trigger:signal", "spectral freeze"},
  {"delay", Group::Effect, S, "in:signal time fb=0.5[-0.999,0.999] mix=0.5", "feedback delay"},
  {"tapedelay tape", Group::Effect, S,
   "in:signal time fb wow_rate=0.5 wow_depth=0.02 flutter_rate=6 flutter_depth=0.05 saturation=0.3 mix=0.5",
   "tape delay"},
  {"multitap", Group::Effect, S, "in:signal time taps:const fb=0.5 mix=0.6", "multi-tap delay"},
  {"pingpong", Group::Effect, S, "in:signal time fb width=0.8 start_ch=0:const mix=0.7", "ping-pong delay"},
  {"chorus", Group::Effect, S, "in:signal rate depth mix=0.3", "three-voice chorus"},
  {"fchorus", Group::Effect, S, "in:signal separation variation mod_freq", "four-voice chorus"},
  {"flanger", Group::Effect, S, "in:signal depth rate fb", "flanger"},
  {"phaser ph", Group::Effect, S, "in:signal rate depth fb stages=4[2,12]:const", "allpass phaser"},
  {"tremolo trem", Group::Effect, S, "in:signal rate depth", "amplitude modulation"},
  {"vibrato vib", Group::Effect, S, "in:signal rate depth", "pitch modulation"},
  {"ring", Group::Effect, S, "in:signal freq:Hz", "ring modulation by a sine"},
  {"ring_mod", Group::Effect, P, "in:signal b:signal", "ring modulation by a signal"},
  {"fmcrossmod fm_crossmod", Group::Effect, P, "in:signal mod:signal depth=0.5", "cross modulation"},
  {"distort distortion dist", Group::Effect, P, "in:signal drive[1,100] mix=0.5", "tanh distortion"},
  {"bitcrush", Group::Effect, S, "in:signal bits[1,16] rate_reduction=1[1,64]", "bit and rate reduction"},
  {"coarse", Group::Effect, S, "in:signal rate_reduction", "sample-rate reduction"},
  {"decimator", Group::Effect, S, "in:signal factor smooth=0[0,1]", "sample-rate reduction, smoothed"},
  {"pitch_shift", Group::Effect, S, "in:signal semitones", "delay-line pitch shifter"},
  {"vocoder", Group::Effect, S, "in:signal carrier:signal bands=16[2,32]:const", "channel vocoder"},
  {"granular", Group::Effect, R, "in:signal grain_ms=50 density=20 pitch=1", "granular resynthesis"},
  // §7.6 Dynamics
  {"compressor comp", Group::Dynamics, S,
   "in:signal threshold=-20 ratio=4 attack=0.01 release=0.1 makeup=0", "compressor"},
  {"sidechain_compressor sidechain_comp sc_comp", Group::Dynamics, S,
   "in:signal sidechain:signal threshold=-20 ratio=4 attack=0.01 release=0.1", "sidechain compressor"},
  {"expander expand", Group::Dynamics, S, "in:signal threshold=-40 ratio=2 attack=0.01 release=0.1", "downward expander"},
  {"transient_shaper tshaper", Group::Dynamics, S, "in:signal attack_db sustain_db", "transient shaper"},
  {"limiter", Group::Dynamics, S, "in:signal ceiling=0.95 attack=0.005 release=0.05", "look-ahead limiter"},
  // §7.7 Spatial and stereo
  {"pan", Group::Spatial, P, "in:signal p=0[-1,1]", "balance pan"},
  {"pan2", Group::Spatial, P, "in:signal p", "equal-power pan"},
  {"pan2_l", Group::Spatial, P, "in:signal p", "left channel of pan2"},
  {"pan2_r", Group::Spatial, P, "in:signal p", "right channel of pan2"},
  {"widener width", Group::Spatial, P, "in:signal width=1", "mid-side width"},
  {"mono", Group::Spatial, P, "in:signal", "(L + R) / 2"},
  {"stereo", Group::Spatial, P, "l:signal r:signal", "stereo from two signals"},
  {"gain", Group::Spatial, P, "in:signal g", "input times g"},
  // §7.8 Math and utility
  {"mix", Group::Arithmetic, P, "a:signal b:signal:variadic", "sum of signals"},
  {"amp", Group::Arithmetic, P, "in:signal x", "input times x"},
  {"min", Group::Arithmetic, P, "a b", "minimum"},
  {"max", Group::Arithmetic, P, "a b", "maximum"},
  {"wrap", Group::Arithmetic, P, "x lo=0 hi=1", "wrap into [lo, hi)"},
  {"fold", Group::Arithmetic, P, "x lo=-1 hi=1", "reflect into [lo, hi]"},
  {"abs", Group::Arithmetic, P, "x", "absolute value"},
  {"sign", Group::Arithmetic, P, "x", "sign"},
  {"sqrt", Group::Arithmetic, P, "x", "square root of max(x, 0)"},
  {"exp", Group::Arithmetic, P, "x", "e to the x"},
  {"log", Group::Arithmetic, P, "x", "natural logarithm of max(x, 1e-30)"},
  {"lerp", Group::Arithmetic, P, "a b t", "a + (b - a) t"},
  {"xfade", Group::Arithmetic, P, "a b pos", "crossfade"},
  {"if", Group::Arithmetic, P, "cond a b", "a where cond > 0.5, else b"},
  {"select", Group::Arithmetic, P, "i s:variadic", "the signal chosen by i"},
  {"quantize", Group::Arithmetic, P, "q x", "round(x q) / q"},
  // §7.9 Analysis
  {"rms", Group::Analysis, S, "in:signal window=0.05", "RMS level"},
  {"peak_follower", Group::Analysis, S, "in:signal attack release", "peak follower"},
  {"amp_follower", Group::Analysis, S, "in:signal attack release window", "RMS then peak follower"},
  {"schmidt", Group::Analysis, S, "in:signal hi lo", "Schmitt trigger"},
  {"latch sample_hold", Group::Analysis, S, "in:signal trig:signal", "sample and hold"},
  {"timer", Group::Analysis, S, "in:signal", "seconds since the last trigger"},
  {"tap probe", Group::Analysis, S, "in:signal file:words seconds:const", "writes its input to a file"},
};
// clang-format on

[[noreturn]] void bad(const Declaration& d, const std::string& why) {
  throw std::logic_error(std::string("node table: ") + d.names + ": " + why);
}

/// Owns the strings and port tables the NodeInfo entries point into.
struct Storage {
  std::deque<std::string> strings;
  std::deque<std::vector<PortInfo>> ports;
  std::deque<std::vector<const char*>> aliases;
  const char* keep(std::string s) { return strings.emplace_back(std::move(s)).c_str(); }
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return words;
}

PortInfo parsePort(const Declaration& d, std::string token, Storage& storage) {
  PortInfo p{};
  p.min = 1.0f;
  p.max = 0.0f;
  p.unit = "";
  p.doc = "";
  std::vector<std::string> tags;
  for (size_t colon; (colon = token.rfind(':')) != std::string::npos;) {
    tags.insert(tags.begin(), token.substr(colon + 1));
    token.resize(colon);
  }
  if (size_t bracket = token.find('['); bracket != std::string::npos) {
    std::string range = token.substr(bracket + 1);
    if (range.empty() || range.back() != ']') bad(d, "bad range in `" + token + "`");
    char* end = nullptr;
    p.min = std::strtof(range.c_str(), &end);
    if (*end != ',') bad(d, "bad range in `" + token + "`");
    p.max = std::strtof(end + 1, &end);
    if (*end != ']') bad(d, "bad range in `" + token + "`");
    token.resize(bracket);
  }
  std::string name = token;
  if (size_t eq = token.find('='); eq != std::string::npos) {
    name = token.substr(0, eq);
    std::string def = token.substr(eq + 1);
    if (def.size() >= 2 && def.front() == '"' && def.back() == '"') {
      p.defaultWord = storage.keep(def.substr(1, def.size() - 2));
    } else {
      char* end = nullptr;
      p.defaultValue = std::strtof(def.c_str(), &end);
      if (def.empty() || *end) bad(d, "bad default in `" + token + "`");
    }
  } else {
    p.flags |= PortRequired;
  }
  if (name.empty()) bad(d, "a port without a name");
  p.name = storage.keep(name);
  for (const std::string& tag : tags) {
    if (tag == "Hz")
      p.unit = "Hz";
    else if (tag == "signal")
      p.flags |= PortSignal;
    else if (tag == "const")
      p.flags |= PortConstant;
    else if (tag == "words")
      p.flags |= PortWords;
    else if (tag == "bools")
      p.flags |= PortBools;
    else if (tag == "list")
      p.flags |= PortList;
    else if (tag == "variadic")
      p.flags |= PortVariadic;
    else if (tag == "leading")
      p.flags |= PortLeadingOptional;
    else
      bad(d, "unknown tag `" + tag + "`");
  }
  return p;
}

std::vector<NodeInfo> build() {
  static Storage storage;
  std::vector<NodeInfo> nodes;
  for (const Declaration& d : kDeclared) {
    std::vector<std::string> names = split(d.names);
    if (names.empty()) bad(d, "no name");
    std::vector<PortInfo>& ports = storage.ports.emplace_back();
    for (const std::string& token : split(d.signature))
      ports.push_back(parsePort(d, token, storage));
    std::vector<const char*>& aliases = storage.aliases.emplace_back();
    for (size_t i = 1; i < names.size(); ++i) aliases.push_back(storage.keep(names[i]));
    uint32_t flags = d.flags;
    if (!ports.empty() && std::string(ports[0].name) == "in") flags |= NodeHasInput;
    NodeInfo n{};
    n.name = storage.keep(names[0]);
    n.aliases = aliases.empty() ? nullptr : aliases.data();
    n.numAliases = static_cast<unsigned>(aliases.size());
    n.ports = ports.empty() ? nullptr : ports.data();
    n.numPorts = static_cast<unsigned>(ports.size());
    n.numOutputs = 1;
    n.stateSize = 0;
    n.stateAlign = 1;
    n.flags = flags;
    n.group = d.group;
    n.cost = 0;
    n.doc = d.doc;
    nodes.push_back(n);
  }
  return nodes;
}

} // namespace

std::vector<NodeInfo> declaredNodes() {
  return build();
}

} // namespace phonon::nodes
