// The per-voice DSP of LANGUAGE §8.2–8.4: 4-point Hermite sample playback (forwards,
// backwards, looped, accelerated), the project's oscillators for synth voices, a bus voice's
// graph output (rendered by its player), the ADSR with a
// linear release from the level reached, and the 2 ms fade of a stolen or cut voice. Every
// quantity of a sample is a function of the samples since the voice started, so the output
// does not depend on how the blocks cut the timeline.
#include "Voice.h"

#include "Oscillators.h"

#include <algorithm>

namespace phonon::rt {

namespace {

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

/// The next sample of a sample voice, or false when its region is over (no loop). Its state
/// lives in locals while a block renders: the output stores could alias the voice's members.
template <uint32_t Channels> class SampleSource {
public:
  explicit SampleSource(const Voice& v)
      : data_(v.start.sample->data.data()), frames_(v.start.sample->frames),
        origin_(v.start.backwards ? static_cast<double>(v.start.regionEnd - 1)
                                  : static_cast<double>(v.start.regionBegin)),
        direction_(v.start.backwards ? -1.0 : 1.0),
        length_(static_cast<double>(v.start.regionEnd - v.start.regionBegin)), rate_(v.start.rate),
        rateSlope_(v.start.rateSlope), loop_(v.start.loop), position_(v.position) {}

  bool next(double t, float (&out)[2]) {
    if (position_ >= length_ || position_ < 0.0) {
      if (!loop_) return false;
      // Back into the region (accelerate may run the rate below 0: then from its end).
      position_ -= length_ * static_cast<double>(floorToInt(position_ / length_));
    }
    double x = origin_ + direction_ * position_;
    int64_t i = floorToInt(x);
    auto f = static_cast<float>(x - static_cast<double>(i));
    if (i >= 1 && static_cast<uint64_t>(i) + 2 < frames_) {
      interior(i, f, out);
    } else {
      for (uint32_t c = 0; c < Channels; ++c)
        out[c] = hermite(frame(i - 1, c), frame(i, c), frame(i + 1, c), frame(i + 2, c), f);
    }
    if constexpr (Channels == 1) out[1] = out[0];
    position_ += rate_ + rateSlope_ * t;
    return true;
  }

  /// How many of the next samples (at most maxRun, t the first's time) run() may render: all
  /// before the gate, inside the region and away from the file's ends, with margins far above
  /// the rounding of the position's sum; 0 where next() must check each sample.
  uint32_t steadyRun(double t, double gate, uint32_t maxRun) const {
    if (rateSlope_ != 0.0 || !(position_ >= 0.0 && position_ < length_)) return 0;
    double room = std::min(
        {static_cast<double>(maxRun), gate - t - 1.0, (length_ - position_) / rate_ - 2.0});
    if (!(room >= 1.0)) return 0;
    auto run = static_cast<uint32_t>(room);
    double from = origin_ + direction_ * position_;
    double to = origin_ + direction_ * (position_ + static_cast<double>(run + 1) * rate_);
    double limit = static_cast<double>(frames_) - 3.0;
    if (std::min(from, to) < 1.0 || std::max(from, to) >= limit) return 0;
    return run;
  }

  /// `run` samples at constant levels, as next() computes them without its checks.
  void run(float* left, float* right, uint32_t run, float leftLevel, float rightLevel) {
    double position = position_;
    for (uint32_t k = 0; k < run; ++k) {
      double x = origin_ + direction_ * position;
      auto i = static_cast<int64_t>(x); // x ≥ 1: truncation is the floor
      auto f = static_cast<float>(x - static_cast<double>(i));
      float out[2];
      interior(i, f, out);
      if constexpr (Channels == 1) out[1] = out[0];
      left[k] += out[0] * leftLevel;
      right[k] += out[1] * rightLevel;
      position += rate_;
    }
    position_ = position;
  }

  void store(Voice& v) const { v.position = position_; }

private:
  /// Hermite between frames i and i + 1 where frames i − 1 … i + 2 are in the file.
  void interior(int64_t i, float f, float (&out)[2]) const {
    const float* p = data_ + static_cast<uint64_t>(i - 1) * Channels;
    for (uint32_t c = 0; c < Channels; ++c)
      out[c] = hermite(p[c], p[Channels + c], p[2 * Channels + c], p[3 * Channels + c], f);
  }

  /// Frame i of channel c, 0 outside the file.
  float frame(int64_t i, uint32_t c) const {
    if (i < 0 || static_cast<uint64_t>(i) >= frames_) return 0.0f;
    return data_[static_cast<uint64_t>(i) * Channels + c];
  }

  const float* data_;
  uint64_t frames_;
  double origin_, direction_, length_, rate_, rateSlope_;
  bool loop_;
  double position_;
};

/// The next sample of a synth voice: the waveform code of the nodes (Oscillators.h).
template <class Wave> class OscillatorSource {
public:
  explicit OscillatorSource(const Voice& v) : step_(v.start.phaseStep[0]), phase_(v.phase[0]) {}

  bool next(double, float (&out)[2]) {
    out[0] = out[1] = Wave::wave(phase_, std::fabs(step_));
    phase_ = nodes::wrapPhase(phase_ + step_);
    return true;
  }
  void store(Voice& v) const { v.phase[0] = phase_; }
  uint32_t steadyRun(double, double, uint32_t) const { return 0; }
  void run(float*, float*, uint32_t, float, float) {}

private:
  float step_, phase_;
};

/// §7.1 supersaw: saws at detuned steps, summed and scaled by 1/√voices.
class SupersawSource {
public:
  explicit SupersawSource(const Voice& v) {
    for (uint32_t i = 0; i < kSupersawVoices; ++i) {
      step_[i] = v.start.phaseStep[i];
      phase_[i] = v.phase[i];
    }
  }

  bool next(double, float (&out)[2]) {
    float y = 0.0f;
    for (uint32_t i = 0; i < kSupersawVoices; ++i) {
      y += nodes::Saw::wave(phase_[i], std::fabs(step_[i]));
      phase_[i] = nodes::wrapPhase(phase_[i] + step_[i]);
    }
    out[0] = out[1] = y * 0.377964473f;
    return true;
  }
  void store(Voice& v) const {
    for (uint32_t i = 0; i < kSupersawVoices; ++i) v.phase[i] = phase_[i];
  }
  uint32_t steadyRun(double, double, uint32_t) const { return 0; }
  void run(float*, float*, uint32_t, float, float) {}

private:
  float step_[kSupersawVoices], phase_[kSupersawVoices];
};

/// The next sample of a bus voice: its graph instance's output, rendered for these samples.
class BusSource {
public:
  explicit BusSource(const Voice& v) : left_(v.busLeft), right_(v.busRight) {}

  bool next(double, float (&out)[2]) {
    out[0] = left_[i_];
    out[1] = right_[i_];
    ++i_;
    return true;
  }
  void store(Voice&) const {}
  uint32_t steadyRun(double, double, uint32_t) const { return 0; }
  void run(float*, float*, uint32_t, float, float) {}

private:
  const float* left_;
  const float* right_;
  uint32_t i_ = 0;
};

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
  if (start.bus) return renderFrom<BusSource>(left, right, frames, fadeFrames);
  if (start.sample) {
    if (start.sample->channels == 2)
      renderFrom<SampleSource<2>>(left, right, frames, fadeFrames);
    else
      renderFrom<SampleSource<1>>(left, right, frames, fadeFrames);
    return;
  }
  switch (start.wave) {
  case VoiceWave::Sine:
    return renderFrom<OscillatorSource<nodes::Sine>>(left, right, frames, fadeFrames);
  case VoiceWave::Saw:
    return renderFrom<OscillatorSource<nodes::Saw>>(left, right, frames, fadeFrames);
  case VoiceWave::Square:
    return renderFrom<OscillatorSource<nodes::Square>>(left, right, frames, fadeFrames);
  case VoiceWave::Tri:
    return renderFrom<OscillatorSource<nodes::Tri>>(left, right, frames, fadeFrames);
  case VoiceWave::Supersaw:
    return renderFrom<SupersawSource>(left, right, frames, fadeFrames);
  }
}

template <class Source>
void Voice::renderFrom(float* left, float* right, uint32_t frames, uint32_t fadeFrames) {
  const VoiceStart& s = start;
  const double steadyFrom = s.attack + s.decay, gate = s.gate, lag = s.lag;
  Source source(*this);
  uint64_t n = age; // locals while rendering: the output stores could alias the members
  auto finish = [&](bool ended) {
    source.store(*this);
    age = n;
    if (ended) active = false;
  };
  uint32_t k = 0;
  while (k < frames) {
    double t = static_cast<double>(n) + lag;
    float frame[2];
    if (fadeLeft == 0 && s.sustain > 0.0f && t >= steadyFrom && t < gate) {
      // The sustain before the gate: the level is constant (the same float envelope() gives).
      const float left0 = s.sustain * s.gainLeft, right0 = s.sustain * s.gainRight;
      while (k < frames) {
        t = static_cast<double>(n) + lag;
        if (uint32_t run = source.steadyRun(t, gate, frames - k); run > 0) {
          source.run(left + k, right + k, run, left0, right0);
          k += run;
          n += run;
          continue;
        }
        if (t >= gate) break;
        if (!source.next(t, frame)) return finish(true);
        left[k] += frame[0] * left0;
        right[k] += frame[1] * right0;
        ++k;
        ++n;
      }
      continue;
    }
    float level = envelope(s, t);
    if (level < 0.0f) return finish(true);
    bool last = false;
    if (fadeLeft > 0) {
      level *= static_cast<float>(fadeLeft) / static_cast<float>(fadeFrames);
      last = --fadeLeft == 0;
    }
    if (!source.next(t, frame)) return finish(true);
    left[k] += frame[0] * (level * s.gainLeft);
    right[k] += frame[1] * (level * s.gainRight);
    ++k;
    ++n;
    if (last) return finish(true); // the fade's last sample
  }
  finish(false);
}
} // namespace phonon::rt
