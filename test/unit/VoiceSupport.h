// Helpers for the voice engine tests: control patterns built as the compiler builds them
// (`s "bd*4" # gain "1 0.5"`), hand-made samples and a resolver over them, and whole renders.
#pragma once

#include "phonon/frontend/Mini.h"
#include "phonon/rt/Voices.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace phonon::test {

using pattern::PatternExpr;
using pattern::PatternExprPtr;

inline PatternExprPtr miniExpr(const std::string& text, pattern::AtomContext context) {
  SourceFile file("<test>", text);
  DiagnosticEngine diags(&file);
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Mini;
  e->mini = parseMini(text, 0, diags);
  e->text = text;
  e->context = context;
  EXPECT_TRUE(e->mini) << "cannot parse \"" << text << "\"";
  return e;
}

/// `name "text"`: each value v of the mini-notation becomes {name: v}.
inline PatternExprPtr control(const std::string& name, const std::string& text) {
  bool words = name == "s" || name == "unit" || name == "wave";
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Control;
  e->control = name;
  e->lhs = miniExpr(text, words ? pattern::AtomContext::Sound : pattern::AtomContext::Numeric);
  return e;
}

/// `name x` for a number x (NaN and huge values included).
inline PatternExprPtr control(const std::string& name, double x) {
  auto number = std::make_shared<PatternExpr>();
  number->kind = PatternExpr::Kind::Number;
  number->number = x;
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Control;
  e->control = name;
  e->lhs = number;
  return e;
}

/// `a # b # …`: structure from a, the controls of the others added.
template <class... More> PatternExprPtr chain(PatternExprPtr a, PatternExprPtr b, More... more) {
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Set;
  e->structure = pattern::Structure::Left;
  e->lhs = std::move(a);
  e->rhs = std::move(b);
  if constexpr (sizeof...(More) > 0) return chain(e, more...);
  return e;
}

inline rt::Sample makeSample(const std::string& name, uint32_t channels, std::vector<float> data) {
  rt::Sample s;
  s.name = name;
  s.path = "<test>";
  s.channels = channels;
  s.frames = data.size() / channels;
  s.data = std::move(data);
  return s;
}

/// 1 on the first frame, then `frames − 1` zeros.
inline rt::Sample click(uint64_t frames = 1000) {
  std::vector<float> d(frames, 0.0f);
  d[0] = 1.0f;
  return makeSample("click", 1, d);
}

/// i/48000 at frame i, one second.
inline rt::Sample ramp() {
  std::vector<float> d(48000);
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<float>(i) / 48000.0f;
  return makeSample("ramp", 1, d);
}

/// Constant 1 for `seconds` at 48 kHz.
inline rt::Sample dc(double seconds) {
  return makeSample("dc", 1, std::vector<float>(static_cast<size_t>(seconds * 48000), 1.0f));
}

/// Samples by sound name; any index gives the same sample.
struct SampleSet {
  std::map<std::string, rt::Sample, std::less<>> samples;

  void add(const std::string& sound, rt::Sample s) { samples[sound] = std::move(s); }
  rt::SampleResolver resolver() const {
    return [this](std::string_view sound, int64_t) -> const rt::Sample* {
      auto it = samples.find(sound);
      return it == samples.end() ? nullptr : &it->second;
    };
  }
};

struct Stereo {
  std::vector<float> left, right;
};

/// Player `slot`'s first `frames` samples, rendered in blocks of `block`.
inline Stereo renderVoices(rt::VoiceEngine& engine, uint64_t frames, uint32_t block,
                           float sampleRate = 48000.0f, Rational cps = Rational(1),
                           uint32_t slot = 0) {
  engine.reset(sampleRate, block, cps, Rational(0));
  Stereo out;
  for (uint64_t position = 0; position < frames; position += block) {
    auto n = static_cast<uint32_t>(std::min<uint64_t>(block, frames - position));
    engine.process(position, n);
    out.left.insert(out.left.end(), engine.left(slot), engine.left(slot) + n);
    out.right.insert(out.right.end(), engine.right(slot), engine.right(slot) + n);
  }
  return out;
}

inline Stereo renderPattern(const PatternExprPtr& sound, const SampleSet& samples, uint64_t frames,
                            uint32_t block = 512, float sampleRate = 48000.0f,
                            Rational cps = Rational(1)) {
  rt::VoiceEngine engine({sound}, samples.resolver());
  return renderVoices(engine, frames, block, sampleRate, cps);
}

/// Indices of the non-zero samples.
inline std::vector<size_t> nonZero(const std::vector<float>& x) {
  std::vector<size_t> out;
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] != 0.0f) out.push_back(i);
  return out;
}

} // namespace phonon::test
