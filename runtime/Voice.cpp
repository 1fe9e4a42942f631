// The per-voice DSP of LANGUAGE §8.2–8.4: 4-point Hermite sample playback (forwards,
// backwards, looped, accelerated), the project's oscillators for synth voices, the ADSR with a
// linear release from the level reached, and the 2 ms fade of a stolen or cut voice. Every
// quantity of a sample is a function of the samples since the voice started, so the output
// does not depend on how the blocks cut the timeline.
#include "Voice.h"

#include "Oscillators.h"

namespace phonon::rt {

namespace {

/// Frame i of channel c, 0 outside the file.
inline float frameOrZero(const Sample& s, int64_t i, uint32_t c) {
  if (i < 0 || static_cast<uint64_t>(i) >= s.frames) return 0.0f;
  return s.at(static_cast<uint64_t>(i), c);
}

/// 4-point, 3rd-order Hermite (Catmull-Rom) between x0 and x1 at f in [0, 1); x0 at f = 0.
inline float hermite(float xm1, float x0, float x1, float x2, float f) {
  float c1 = 0.5f * (x1 - xm1);
  float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
  float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
  return ((c3 * f + c2) * f + c1) * f + x0;
}

/// The ADSR of a voice t samples after its onset, or a negative number once it has ended (the
/// release is over, or the sustain is 0 and the decay is over).
inline float envelope(const VoiceStart& s, double t) {
  auto held = [&s](double u) {
    if (u < s.attack) return u / s.attack;
    if (u < s.attack + s.decay)
      return 1.0 + (static_cast<double>(s.sustain) - 1.0) * ((u - s.attack) / s.decay);
    return static_cast<double>(s.sustain);
  };
  if (t < s.gate) {
    if (s.sustain <= 0.0f && t >= s.attack + s.decay) return -1.0f;
    return static_cast<float>(held(t));
  }
  double remaining = 1.0 - (t - s.gate) / s.release;
  double level = held(s.gate) * remaining;
  return remaining > 0.0 && level > 0.0 ? static_cast<float>(level) : -1.0f;
}

/// The whole-number part of x, rounded down (no libm call).
inline int64_t floorToInt(double x) {
  auto i = static_cast<int64_t>(x);
  return static_cast<double>(i) > x ? i - 1 : i;
}

/// One sample of a sample voice at `position` frames into its region, channel c.
template <uint32_t Channels>
inline void readFrame(const VoiceStart& s, double position, float (&out)[2]) {
  const Sample& sample = *s.sample;
  double x = s.backwards ? static_cast<double>(s.regionEnd - 1) - position
                         : static_cast<double>(s.regionBegin) + position;
  int64_t i = floorToInt(x);
  auto f = static_cast<float>(x - static_cast<double>(i));
  if (i >= 1 && static_cast<uint64_t>(i) + 2 < sample.frames) {
    const float* p = sample.data.data() + static_cast<uint64_t>(i - 1) * Channels;
    for (uint32_t c = 0; c < Channels; ++c)
      out[c] = f == 0.0f
                   ? p[Channels + c]
                   : hermite(p[c], p[Channels + c], p[2 * Channels + c], p[3 * Channels + c], f);
    return;
  }
  for (uint32_t c = 0; c < Channels; ++c)
    out[c] = hermite(frameOrZero(sample, i - 1, c), frameOrZero(sample, i, c),
                     frameOrZero(sample, i + 1, c), frameOrZero(sample, i + 2, c), f);
}

/// The oscillator of a synth voice: the same waveform code as the nodes (Oscillators.h).
inline float oscillator(VoiceWave wave, float (&phase)[kSupersawVoices],
                        const float (&step)[kSupersawVoices]) {
  float dt = step[0];
  float y = 0.0f;
  switch (wave) {
  case VoiceWave::Sine:
    y = nodes::Sine::wave(phase[0], std::fabs(dt));
    break;
  case VoiceWave::Saw:
    y = nodes::Saw::wave(phase[0], std::fabs(dt));
    break;
  case VoiceWave::Square:
    y = nodes::Square::wave(phase[0], std::fabs(dt));
    break;
  case VoiceWave::Tri:
    y = nodes::Tri::wave(phase[0], std::fabs(dt));
    break;
  case VoiceWave::Supersaw: {
    // §7.1 supersaw: the sum scaled by 1/√voices.
    for (uint32_t v = 0; v < kSupersawVoices; ++v) {
      y += nodes::Saw::wave(phase[v], std::fabs(step[v]));
      phase[v] = nodes::wrapPhase(phase[v] + step[v]);
    }
    return y * 0.377964473f;
  }
  }
  phase[0] = nodes::wrapPhase(phase[0] + dt);
  return y;
}

} // namespace

void Voice::begin(const VoiceStart& s, uint64_t serialNumber) {
  start = s;
  active = true;
  serial = serialNumber;
  age = 0;
  fadeLeft = 0;
  // Where the voice would be had it started at its exact onset, `lag` samples ago.
  position = s.lag * s.rate;
  for (uint32_t v = 0; v < kSupersawVoices; ++v) {
    float initial = s.wave == VoiceWave::Supersaw ? static_cast<float>(v) / kSupersawVoices : 0;
    phase[v] = nodes::wrapPhase(initial + static_cast<float>(s.lag) * s.phaseStep[v]);
  }
}

void Voice::render(float* left, float* right, uint32_t frames, uint32_t fadeFrames) {
  const VoiceStart& s = start;
  const double length = static_cast<double>(s.regionEnd - s.regionBegin);
  const uint32_t channels = s.sample ? s.sample->channels : 1;
  for (uint32_t k = 0; k < frames; ++k, ++age) {
    double t = static_cast<double>(age) + s.lag;
    float level = envelope(s, t);
    if (level < 0.0f) {
      active = false;
      return;
    }
    if (fadeLeft > 0) {
      level *= static_cast<float>(fadeLeft) / static_cast<float>(fadeFrames);
      --fadeLeft;
      if (fadeLeft == 0) active = false; // after this, its last sample
    }
    float frame[2] = {0.0f, 0.0f};
    if (s.sample) {
      if (position >= length || position < 0.0) {
        if (!s.loop) {
          active = false;
          return;
        }
        // Back into the region (accelerate may run the rate below 0: then from its end).
        position -= length * static_cast<double>(floorToInt(position / length));
      }
      if (channels == 2)
        readFrame<2>(s, position, frame);
      else
        readFrame<1>(s, position, frame);
      position += s.rate + s.rateSlope * t;
    } else {
      frame[0] = oscillator(s.wave, phase, s.phaseStep);
    }
    if (channels == 1) frame[1] = frame[0];
    left[k] += frame[0] * level * s.gainLeft;
    right[k] += frame[1] * level * s.gainRight;
    if (!active) return;
  }
}

} // namespace phonon::rt
