// The built-in kit (LANGUAGE §8.1): fourteen drum sounds synthesized at the engine rate, so that
// `s "bd sn"` plays with no sample folder. Made of the node kernels themselves (the `sine`,
// `square` and `noise` oscillators, the `hpf` state-variable filter, the RBJ band-pass of
// `bqbp`) and FastMath's exp2Approx for the decays: no libm, the same bits on every machine.
// The recipes are in docs/samples.md.
#include "phonon/rt/Samples.h"

#include "Filters.h"
#include "Noise.h"
#include "Oscillators.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace phonon::rt {

namespace {

namespace n = phonon::nodes;

/// 1/ln 2: e^(−t/τ) = 2^(−t/(τ·ln 2)).
constexpr float kLog2E = 1.44269504f;
constexpr float kPeak = 0.891f;
/// Every sound ends with a linear fade this long, so a sound cut at its length does not click.
constexpr float kFadeSeconds = 0.005f;
constexpr float kButterworthQ = 0.70710678f;

/// What a recipe sees at one sample: the time and the variant's scales.
struct Variant {
  float frequencyScale; ///< 1 − 0.08j
  float decayScale;     ///< 1 + 0.25j
};

/// e^(−t/(τ·decayScale)).
float decay(float t, float tau, const Variant& v) {
  return n::exp2Approx(-t * kLog2E / (tau * v.decayScale));
}

/// A sine oscillator driven like the `sine` node: one tick per sample at frequency f.
struct SineVoice {
  n::Sine::State state{};
  explicit SineVoice(const n::Env& env) { n::Sine::init(state, env, 0); }
  float tick(float f, const n::Env& env) {
    const float in[2] = {f, 0.0f};
    float out = 0.0f;
    n::Sine::tick(state, in, &out, env);
    return out;
  }
};

struct SquareVoice {
  n::Square::State state{};
  explicit SquareVoice(const n::Env& env) { n::Square::init(state, env, 0); }
  float tick(float f, const n::Env& env) {
    const float in[2] = {f, 0.0f};
    float out = 0.0f;
    n::Square::tick(state, in, &out, env);
    return out;
  }
};

struct NoiseVoice {
  n::Noise::State state{};
  NoiseVoice(const n::Env& env, uint32_t seed) { n::Noise::init(state, env, seed); }
  float tick(const n::Env& env) {
    float out = 0.0f;
    n::Noise::tick(state, nullptr, &out, env);
    return out;
  }
};

/// The `hpf` node: a 12 dB/oct state-variable high-pass, Butterworth q.
struct HighPass {
  n::Hpf::State state{};
  explicit HighPass(const n::Env& env) { n::Hpf::init(state, env, 0); }
  float tick(float x, float cutoff, const n::Env& env) {
    const float in[3] = {x, cutoff, kButterworthQ};
    float out = 0.0f;
    n::Hpf::tick(state, in, &out, env);
    return out;
  }
};

/// The `bqbp` node: the RBJ band-pass with a 0 dB peak.
struct BandPass {
  n::BqBp::State state{};
  explicit BandPass(const n::Env& env) { n::BqBp::init(state, env, 0); }
  float tick(float x, float centre, float q, const n::Env& env) {
    const float in[3] = {x, centre, q};
    float out = 0.0f;
    n::BqBp::tick(state, in, &out, env);
    return out;
  }
};

/// FNV-1a of the sound's name and variant: each sound's noise is its own, and the same on every
/// run.
uint32_t noiseSeed(std::string_view sound, int variant) {
  uint32_t h = 2166136261u;
  for (char c : sound) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  h = (h ^ static_cast<uint32_t>(variant + 1)) * 16777619u;
  return h != 0 ? h : 1u;
}

/// A tom-like pitched sine (`lt mt ht tom`): f = f0·(1 + 0.5e^(−t/0.05)), amp e^(−t/0.3).
struct Tom {
  float f0;
  SineVoice sine;
  Tom(float baseHz, const n::Env& env) : f0(baseHz), sine(env) {}
  float tick(float t, const Variant& v, const n::Env& env) {
    float f = f0 * v.frequencyScale * (1.0f + 0.5f * decay(t, 0.05f, v));
    return sine.tick(f, env) * decay(t, 0.3f, v);
  }
};

enum class Recipe { Bd, Sn, Hh, Oh, Cp, Lt, Mt, Ht, Tom, Rim, Cb, Cr, Ride, Perc };

struct KitEntry {
  const char* name;
  Recipe recipe;
  uint32_t milliseconds; ///< the length
};

constexpr std::array<KitEntry, 14> kKit = {{
    {"bd", Recipe::Bd, 800},
    {"sn", Recipe::Sn, 400},
    {"hh", Recipe::Hh, 150},
    {"oh", Recipe::Oh, 800},
    {"cp", Recipe::Cp, 500},
    {"lt", Recipe::Lt, 700},
    {"mt", Recipe::Mt, 700},
    {"ht", Recipe::Ht, 700},
    {"tom", Recipe::Tom, 700},
    {"rim", Recipe::Rim, 100},
    {"cb", Recipe::Cb, 400},
    {"cr", Recipe::Cr, 2500},
    {"ride", Recipe::Ride, 2000},
    {"perc", Recipe::Perc, 250},
}};

/// The clap's amplitude: three 10 ms bursts starting 20 ms apart (0, 20, 40 ms), then from
/// 60 ms a tail e^(−(t − 0.06)/0.15).
float clapEnvelope(float t, const Variant& v) {
  constexpr float kBurst = 0.010f, kPeriod = 0.020f, kTailStart = 0.060f;
  if (t < kTailStart) {
    float inPeriod = t - kPeriod * static_cast<float>(static_cast<int>(t / kPeriod));
    return inPeriod < kBurst ? 1.0f : 0.0f;
  }
  return decay(t - kTailStart, 0.15f, v);
}

/// Renders one recipe, unnormalised, into `out`.
void render(Recipe recipe, std::string_view name, int variant, const n::Env& env,
            std::vector<float>& out) {
  const Variant v{1.0f - 0.08f * static_cast<float>(variant),
                  1.0f + 0.25f * static_cast<float>(variant)};
  const float F = v.frequencyScale;
  SineVoice sine(env);
  SquareVoice square1(env), square2(env);
  NoiseVoice noise(env, noiseSeed(name, variant));
  HighPass highPass(env);
  BandPass bandPass(env);
  float tomBase = recipe == Recipe::Lt   ? 90.0f
                  : recipe == Recipe::Mt ? 130.0f
                  : recipe == Recipe::Ht ? 180.0f
                                         : 110.0f;
  Tom tom(tomBase, env);
  for (size_t i = 0; i < out.size(); ++i) {
    float t = static_cast<float>(i) * env.invSampleRate;
    float x = 0.0f;
    switch (recipe) {
    case Recipe::Bd: {
      float f = 50.0f * F * (1.0f + 2.0f * decay(t, 0.04f, v));
      float click = t < 0.005f ? 0.5f * (1.0f - t / 0.005f) * noise.tick(env) : 0.0f;
      x = sine.tick(f, env) * decay(t, 0.35f, v) + click;
      break;
    }
    case Recipe::Sn:
      x = 0.4f * sine.tick(185.0f * F, env) * decay(t, 0.08f, v) +
          0.6f * highPass.tick(noise.tick(env), 1500.0f * F, env) * decay(t, 0.12f, v);
      break;
    case Recipe::Hh:
      x = highPass.tick(noise.tick(env), 7000.0f * F, env) * decay(t, 0.04f, v);
      break;
    case Recipe::Oh:
      x = highPass.tick(noise.tick(env), 6500.0f * F, env) * decay(t, 0.3f, v);
      break;
    case Recipe::Cp:
      x = bandPass.tick(noise.tick(env), 1200.0f * F, 2.0f, env) * clapEnvelope(t, v);
      break;
    case Recipe::Lt:
    case Recipe::Mt:
    case Recipe::Ht:
    case Recipe::Tom:
      x = tom.tick(t, v, env);
      break;
    case Recipe::Rim:
      x = (0.6f * sine.tick(1700.0f * F, env) +
           0.4f * bandPass.tick(noise.tick(env), 3000.0f * F, 1.0f, env)) *
          decay(t, 0.015f, v);
      break;
    case Recipe::Cb: {
      float squares = square1.tick(540.0f * F, env) + square2.tick(800.0f * F, env);
      x = bandPass.tick(squares, 1000.0f * F, 1.5f, env) * decay(t, 0.12f, v);
      break;
    }
    case Recipe::Cr:
      x = highPass.tick(noise.tick(env), 5000.0f * F, env) * decay(t, 1.2f, v);
      break;
    case Recipe::Ride:
      x = (bandPass.tick(noise.tick(env), 6000.0f * F, 0.8f, env) +
           0.2f * sine.tick(3100.0f * F, env)) *
          decay(t, 0.9f, v);
      break;
    case Recipe::Perc: {
      float f = 800.0f * F * (1.0f + decay(t, 0.01f, v));
      x = sine.tick(f, env) * decay(t, 0.06f, v);
      break;
    }
    }
    out[i] = x;
  }
}

} // namespace

const std::vector<std::string>& SampleLibrary::builtInSounds() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const KitEntry& entry : kKit) list.emplace_back(entry.name);
    return list;
  }();
  return names;
}

std::unique_ptr<Sample> synthesizeBuiltIn(std::string_view sound, int variant, float sampleRate) {
  auto entry =
      std::find_if(kKit.begin(), kKit.end(), [&](const KitEntry& e) { return sound == e.name; });
  if (entry == kKit.end() || variant < 0 || variant > 3 || !(sampleRate > 0.0f)) return nullptr;
  const n::Env env{sampleRate, 1.0f / sampleRate, 0.0};
  auto sample = std::make_unique<Sample>();
  sample->name = std::string(sound) + ":" + std::to_string(variant);
  sample->path = std::string(kBuiltInOrigin);
  sample->channels = 1;
  sample->sampleRate = sampleRate;
  sample->frames = static_cast<uint64_t>(
      static_cast<double>(entry->milliseconds) * static_cast<double>(sampleRate) / 1000.0 + 0.5);
  sample->data.assign(sample->frames, 0.0f);
  render(entry->recipe, sound, variant, env, sample->data);

  const size_t fade = std::min(sample->data.size(), static_cast<size_t>(kFadeSeconds * sampleRate));
  for (size_t k = 0; k < fade; ++k)
    sample->data[sample->data.size() - 1 - k] *= static_cast<float>(k) / static_cast<float>(fade);

  float peak = 0.0f;
  for (float x : sample->data) peak = std::max(peak, std::fabs(x));
  if (peak > 0.0f) {
    const float scale = kPeak / peak;
    for (float& x : sample->data) x *= scale;
  }
  return sample;
}

} // namespace phonon::rt
