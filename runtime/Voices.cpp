// The voice engine (LANGUAGE §8.2–8.4): per block, each player queries its sound pattern for
// the block's exact span and turns every onset fragment into a VoiceStart (the only step that
// allocates: the pattern query, the control maps, the resolver); then it renders the block in
// pieces between onsets, starting each voice on its exact frame from a preallocated pool.
#include "phonon/rt/Voices.h"

#include "phonon/rt/EventSchedule.h"

#include "Spatial.h"
#include "Voice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <span>

namespace phonon::rt {

namespace {

/// Slots for voices: kVoices sounding, as many again fading out after a steal or a cut (so a
/// steal never cuts a voice short unless 256 voices are fading at once).
constexpr uint32_t kPoolSlots = 2 * VoiceEngine::kVoices;

/// The sample rate as an exact rational (a fractional rate to a thousandth).
Rational exactRate(float sampleRate) {
  auto whole = static_cast<int64_t>(sampleRate);
  if (static_cast<float>(whole) == sampleRate) return Rational(whole);
  return Rational(static_cast<int64_t>(static_cast<double>(sampleRate) * 1000.0 + 0.5), 1000);
}

/// The value of an event: its controls, or a bare word as the sound.
class EventControls {
public:
  explicit EventControls(const pattern::Value& v) : value_(v) {}

  const pattern::Value* find(const char* key) const {
    if (!value_.isMap()) return std::string_view(key) == "s" ? &value_ : nullptr;
    const pattern::ControlMap& map = value_.asMap();
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }
  /// A number control, or `fallback` when it is absent, not a number or not finite.
  double number(const char* key, double fallback) const {
    const pattern::Value* v = find(key);
    if (!v || !v->isNumber()) return fallback;
    double x = v->asNumber();
    return std::isfinite(x) ? x : fallback;
  }
  bool has(const char* key) const { return find(key) != nullptr; }

private:
  const pattern::Value& value_;
};

/// Seconds to samples, never below 0.
double samplesOf(double seconds, float sampleRate) {
  return std::max(0.0, seconds) * static_cast<double>(sampleRate);
}

} // namespace

/// The voices of one bus voice's graph (§8.4), shared by every player that names it: its
/// instances (a free list, all made at reset), the segments of its event slots for the block
/// (queried once, read by every instance: patterns keep global time) and the buffers an
/// instance renders into before its voice applies envelope, gain and pan.
/// The buses every voice shares (§8.4), computed once per block by the shared graph: channel
/// c of the block, and where a stretch of it starts for the instance that reads it.
struct SharedInputs {
  std::vector<std::vector<float>> channels;
  std::vector<float*> stems;      ///< channels[c].data(): the shared graph's stem outputs
  std::vector<const float*> view; ///< channels[c] from a stretch's first frame
};

class BusVoices {
public:
  BusVoices(BusVoiceGraph g, SharedInputs* inputs)
      : bus_(std::move(g.bus)), graph_(std::move(g.graph)), inputs_(inputs) {}

  const std::string& bus() const { return bus_; }

  void reset(float sampleRate, uint32_t maxFrames, Rational cps, uint32_t wanted) {
    uint64_t bytes = std::max<uint64_t>(1, graph_->instanceBytes(sampleRate));
    capacity_ = static_cast<uint32_t>(
        std::clamp<uint64_t>(VoiceEngine::kBusVoiceMemory / bytes, 1, std::max(1u, wanted)));
    instanceMiB_ = static_cast<double>(bytes) / (1024.0 * 1024.0);
    graph_->prepare(sampleRate, maxFrames, capacity_);
    free_.clear();
    free_.reserve(capacity_);
    for (uint32_t k = capacity_; k-- > 0;) free_.push_back(k);
    schedule_ = EventSchedule(graph_->program(), cps);
    schedule_.reset(static_cast<uint32_t>(sampleRate));
    cps_ = cps.toDouble();
    left_.assign(std::max<uint32_t>(1, maxFrames), 0.0f);
    right_.assign(std::max<uint32_t>(1, maxFrames), 0.0f);
    viewStarts_.assign(4, 0);
  }

  /// The graph's event-rate values for the block (pattern queries: may allocate).
  void query(uint64_t framePosition, uint32_t frames) {
    framePosition_ = framePosition;
    if (left_.size() < frames) {
      left_.resize(frames);
      right_.resize(frames);
    }
    schedule_.prepare(framePosition, frames);
    if (viewStarts_.size() < schedule_.segments()) viewStarts_.resize(schedule_.segments());
  }

  /// A fresh instance for a starting voice, or kNoInstance when all are sounding.
  static constexpr uint32_t kNoInstance = UINT32_MAX;
  uint32_t acquire() {
    if (free_.empty()) return kNoInstance;
    uint32_t k = free_.back();
    free_.pop_back();
    graph_->restart(k);
    return k;
  }
  void release(uint32_t k) { free_.push_back(k); }
  /// Instance k, just acquired, takes on instance `theirs` of `from`, the same graph in the
  /// patch a live session replaces (copyVoiceInstance).
  bool takeInstance(uint32_t k, BusVoices& from, uint32_t theirs) {
    return copyVoiceInstance(*graph_, k, *from.graph_, theirs);
  }

  /// Renders instance k over block frames [from, to) into left() and right() (and into
  /// `stems`, the shared graph's).
  void run(uint32_t k, uint32_t from, uint32_t to, float pitch, float* const* stems = nullptr) {
    const uint32_t segments = schedule_.segments();
    const uint32_t* starts = schedule_.segmentStarts();
    // The segments that overlap [from, to), the first cut to start at `from`.
    uint32_t first =
        static_cast<uint32_t>(std::upper_bound(starts, starts + segments, from) - starts) - 1;
    uint32_t count = 0;
    for (uint32_t s = first; s < segments && starts[s] < to; ++s)
      viewStarts_[count++] = std::max(starts[s], from) - from;
    float* outputs[2] = {left_.data(), right_.data()};
    phonon_block_context ctx{};
    ctx.frames = to - from;
    ctx.num_channels = 2;
    ctx.outputs = outputs;
    ctx.frame_position = framePosition_ + from;
    ctx.num_segments = count;
    ctx.num_event_slots = schedule_.slots();
    ctx.segment_starts = viewStarts_.data();
    ctx.segment_values = schedule_.segmentValues() + static_cast<size_t>(first) * schedule_.slots();
    ctx.cps = cps_;
    ctx.voice_pitch = pitch;
    ctx.stem_outputs = stems;
    if (inputs_ && !inputs_->channels.empty()) {
      for (size_t c = 0; c < inputs_->channels.size(); ++c)
        inputs_->view[c] = inputs_->channels[c].data() + from;
      ctx.voice_inputs = inputs_->view.data();
    }
    graph_->process(k, ctx);
  }

  const float* left() const { return left_.data(); }
  const float* right() const { return right_.data(); }
  uint32_t capacity() const { return capacity_; }
  double instanceMiB() const { return instanceMiB_; }
  std::string takeWarning() { return schedule_.takeWarning(); }

private:
  std::string bus_;
  std::shared_ptr<VoiceGraph> graph_;
  SharedInputs* inputs_; ///< the engine's, for a template's graph; null for the shared graph
  EventSchedule schedule_;
  std::vector<uint32_t> free_;
  std::vector<uint32_t> viewStarts_;
  std::vector<float> left_, right_;
  uint64_t framePosition_ = 0;
  double cps_ = 0.5;
  uint32_t capacity_ = 0;
  double instanceMiB_ = 0.0;
};

/// One sound pattern: its voices, its output buffers and its warnings.
class VoicePlayer {
public:
  /// A null sound is a silent player.
  VoicePlayer(const pattern::PatternExpr* sound, SampleResolver resolve,
              std::vector<BusVoices*> busVoices)
      : resolve_(std::move(resolve)), busVoices_(std::move(busVoices)), voices_(kPoolSlots) {
    try {
      if (sound) pattern_ = pattern::buildPattern(*sound);
    } catch (const std::exception& e) {
      warnings_.push_back(std::string("a sound pattern cannot be played: ") + e.what());
    }
  }

  void anchor(uint64_t frame, Rational cycle) {
    start_ = cycle - Rational(static_cast<int64_t>(frame)) * cps_ / exactRate_;
  }

  void reset(float sampleRate, uint32_t maxFrames, Rational cps, Rational start) {
    sampleRate_ = sampleRate > 0.0f && std::isfinite(sampleRate) ? sampleRate : 48000.0f;
    exactRate_ = exactRate(sampleRate_);
    cps_ = cps > Rational(0) ? cps : Rational(1, 2);
    start_ = start;
    fadeFrames_ = std::max<uint32_t>(1, static_cast<uint32_t>(sampleRate_ * 0.002f + 0.5f));
    left_.assign(maxFrames, 0.0f);
    right_.assign(maxFrames, 0.0f);
    for (Voice& v : voices_) v.active = false;
    nextSerial_ = 0;
    frames_ = 0;
    starts_.clear();
    starts_.reserve(4096);
    events_.clear();
    events_.reserve(4096);
  }

  void query(uint64_t framePosition, uint32_t frames) {
    frames_ = frames;
    starts_.clear();
    events_.clear();
    if (left_.size() < frames) { // a block longer than reset() promised
      left_.resize(frames);
      right_.resize(frames);
    }
    if (frames == 0) return;
    const auto first = static_cast<int64_t>(framePosition);
    // One sample back: an onset after the previous block's last sample lands on this block's
    // first; it is found here as an onset fragment, and ignored by the previous block.
    pattern::Span span{cycleAt(first > 0 ? first - 1 : 0), cycleAt(first + frames)};
    uint64_t budget = pattern::QueryBudget::kEventsPerCycle *
                      static_cast<uint64_t>(std::max<int64_t>(1, (span.end - span.begin).ceil()));
    try {
      pattern::QueryBudget limit(budget);
      pattern_.queryInto(span, events_);
    } catch (const std::exception& e) {
      events_.clear();
      if (!dropWarned_) {
        dropWarned_ = true;
        warnings_.push_back(std::string("a sound pattern was dropped for a block: ") + e.what());
      }
    }
    for (size_t i = 0; i < events_.size(); ++i) {
      const pattern::EventV& e = events_[i];
      if (!e.hasOnset()) continue;
      // The first sample whose cycle position is at or after the onset, and how far past it.
      Rational exact = (e.whole->begin - start_) * exactRate_ / cps_;
      int64_t k = exact.ceil();
      if (k < first || k >= first + static_cast<int64_t>(frames)) continue;
      VoiceStart s;
      if (!readEvent(e, s)) continue;
      s.offset = static_cast<uint32_t>(k - first);
      s.order = static_cast<uint32_t>(i);
      s.lag = (Rational(k) - exact).toDouble();
      starts_.push_back(s);
    }
    std::sort(starts_.begin(), starts_.end(), [](const VoiceStart& a, const VoiceStart& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.order < b.order;
    });
  }

  void render() {
    std::fill_n(left_.begin(), frames_, 0.0f);
    std::fill_n(right_.begin(), frames_, 0.0f);
    uint32_t cursor = 0;
    for (size_t i = 0; i < starts_.size();) {
      uint32_t at = starts_[i].offset;
      renderVoices(cursor, at);
      cursor = at;
      for (; i < starts_.size() && starts_[i].offset == at; ++i) startVoice(starts_[i]);
    }
    renderVoices(cursor, frames_);
  }

  const float* left() const { return left_.data(); }
  const float* right() const { return right_.data(); }

  /// Takes on the sounding voices of `from`, the same player in the version a live session
  /// replaces, each in the slot it has there (so the voices sum in the same order and the two
  /// players compute the same samples while the session crossfades). A sample voice goes on
  /// when this player's library holds the same file (the sound by name and index, same path
  /// and length), a synth voice always; a bus voice or a node wave stays behind, its graph's
  /// instance being the other engine's. Allocates nothing.
  uint32_t carryFrom(const VoicePlayer& from, std::span<const uint32_t> sameGraph) {
    uint32_t carried = 0;
    for (size_t k = 0; k < voices_.size() && k < from.voices_.size(); ++k) {
      const Voice& v = from.voices_[k];
      if (!v.active || voices_[k].active) continue;
      const Sample* sample = nullptr;
      if (v.start.sample && !(sample = sameSample(*v.start.sample))) continue;
      BusVoices* bus = nullptr;
      uint32_t instance = 0;
      if (v.start.bus) { // an instance of the same graph here, in the state the old one is in
        bus = sameGraph.empty() ? nullptr : graphLike(*v.start.bus, from, sameGraph);
        if (!bus || (instance = bus->acquire()) == BusVoices::kNoInstance) continue;
        if (!bus->takeInstance(instance, *v.start.bus, v.instance)) {
          bus->release(instance);
          continue;
        }
      }
      voices_[k] = v;
      voices_[k].start.sample = sample;
      voices_[k].start.bus = bus;
      voices_[k].instance = instance;
      voices_[k].busLeft = voices_[k].busRight = nullptr;
      nextSerial_ = std::max(nextSerial_, v.serial + 1);
      ++carried;
    }
    return carried;
  }

  uint32_t sounding() const {
    uint32_t n = 0;
    for (const Voice& v : voices_) n += v.active && !v.fading();
    return n;
  }

  std::string takeWarning() {
    if (warnings_.empty()) return {};
    std::string w = std::move(warnings_.front());
    warnings_.erase(warnings_.begin());
    return w;
  }

  /// `sound` was reported unknown by whoever loaded the samples: no second warning here.
  void alreadyReported(std::string_view sound) { warned_.insert("sound " + std::string(sound)); }

private:
  Rational cycleAt(int64_t k) const { return start_ + Rational(k) * cps_ / exactRate_; }

  void warnOnce(const std::string& key, std::string message) {
    if (warned_.insert(key).second) warnings_.push_back(std::move(message));
  }

  /// The voice an event asks for; false when it plays nothing.
  bool readEvent(const pattern::EventV& e, VoiceStart& s) {
    EventControls c(e.value);
    const double sr = sampleRate_;
    const double cps = cps_.toDouble();
    const double wholeSeconds = (e.whole->end - e.whole->begin).toDouble() / cps;
    const double note = c.number("note", 0.0);
    const bool synth = c.has("wave") || (c.has("freq") && !c.has("s"));
    BusVoices* bus = synth ? nullptr : busVoiceOf(c.find("s"));
    if (!synth && !bus && isBusName(c.find("s"))) return false; // warned by busVoiceOf
    const bool loop = !synth && !bus && c.number("loop", 0.0) > 0.0;

    // Gate: dur seconds, else legato × the event's length, else (synths, loops) the event's end.
    double gateSeconds = std::numeric_limits<double>::infinity();
    if (c.has("dur") && std::isfinite(c.number("dur", NAN)))
      gateSeconds = std::max(0.0, c.number("dur", 0.0));
    else if (c.has("legato") && std::isfinite(c.number("legato", NAN)))
      gateSeconds = std::max(0.0, c.number("legato", 1.0)) * wholeSeconds;
    else if (synth || bus || loop)
      gateSeconds = wholeSeconds;
    s.gate = gateSeconds * sr;

    // The default envelopes of §8.4: synth a 0.01 d 0.1 s 0.7 r 0.2; bus a 0.01 d 0 s 1 r 0.3.
    s.attack = samplesOf(c.number("attack", synth || bus ? 0.01 : 0.0), sampleRate_);
    s.decay = samplesOf(c.number("decay", synth ? 0.1 : 0.0), sampleRate_);
    s.sustain = static_cast<float>(c.number("sustain", synth ? 0.7 : 1.0));
    s.release = samplesOf(c.number("release", synth ? 0.2 : bus ? 0.3 : 0.0), sampleRate_);
    if (s.release <= 0.0) s.release = fadeFrames_; // a release of 0 fades over 2 ms

    // Gain and the balance law of the `pan` node (its kernels, LANGUAGE §7.7).
    auto gain = static_cast<float>(c.number("gain", 1.0));
    float panIn[2] = {gain, static_cast<float>(c.number("pan", 0.0))};
    nodes::Env env{sampleRate_, 1.0f / sampleRate_, 0.0};
    nodes::PanLeft::State leftState;
    nodes::PanRight::State rightState;
    nodes::PanLeft::tick(leftState, panIn, &s.gainLeft, env);
    nodes::PanRight::tick(rightState, panIn, &s.gainRight, env);

    double cut = c.number("cut", 0.0);
    s.cutGroup = cut >= 1.0    ? static_cast<int64_t>(std::min(cut, 1e18))
                 : cut <= -1.0 ? static_cast<int64_t>(std::min(-cut, 1e18))
                               : 0;
    s.cutSameSample = cut <= -1.0;

    if (synth) return readSynth(c, note, s);
    if (bus) {
      s.bus = bus;
      s.pitch = nodes::exp2Approx(static_cast<float>(note / 12.0));
      return std::isfinite(s.pitch);
    }
    return readSample(c, e, note, loop, s);
  }

  /// This player's graph for `theirs`, a graph of `from`'s engine: the one that `sameGraph`
  /// (by index in the engines' graph lists) says is of the same template, with the same bus.
  BusVoices* graphLike(const BusVoices& theirs, const VoicePlayer& from,
                       std::span<const uint32_t> sameGraph) const {
    for (size_t j = 0; j < busVoices_.size() && j < sameGraph.size(); ++j)
      if (sameGraph[j] < from.busVoices_.size() && from.busVoices_[sameGraph[j]] == &theirs &&
          busVoices_[j]->bus() == theirs.bus())
        return busVoices_[j];
    return nullptr;
  }

  /// This player's copy of a sample another library loaded, or null when it has none.
  const Sample* sameSample(const Sample& other) const {
    if (!resolve_) return nullptr;
    auto [sound, index] = splitSoundName(other.name);
    const Sample* s = resolve_(sound, index);
    return s && s->path == other.path && s->frames == other.frames &&
                   s->channels == other.channels && s->data.size() == other.data.size()
               ? s
               : nullptr;
  }

  BusVoices* busVoiceNamed(std::string_view name) const {
    for (BusVoices* b : busVoices_)
      if (b->bus() == name) return b;
    return nullptr;
  }

  /// Whether a sound value names a bus (`~pad`, or the list [~pad, i] of `~pad:i`).
  static const std::string* soundWord(const pattern::Value* sound) {
    if (sound && sound->isWord()) return &sound->asWord();
    if (sound && sound->isList() && !sound->asList().empty() && sound->asList()[0].isWord())
      return &sound->asList()[0].asWord();
    return nullptr;
  }
  static bool isBusName(const pattern::Value* sound) {
    const std::string* w = soundWord(sound);
    return w && w->size() > 1 && (*w)[0] == '~';
  }

  /// The bus voices of the sound `~name`, or null (with a warning if it names a bus that has
  /// no graph: sema makes one for every bus a sound pattern names).
  BusVoices* busVoiceOf(const pattern::Value* sound) {
    if (!isBusName(sound)) return nullptr;
    std::string_view name = splitSoundName(*soundWord(sound)).first.substr(1);
    if (BusVoices* b = busVoiceNamed(name)) return b;
    warnOnce("bus " + std::string(name),
             "the bus voice `~" + std::string(name) + "` has no graph in this patch");
    return nullptr;
  }

  bool readSynth(const EventControls& c, double note, VoiceStart& s) {
    const pattern::Value* freqValue = c.find("freq");
    double freq = 440.0;
    if (freqValue && freqValue->isNumber())
      freq = pattern::signalValue(*freqValue, pattern::SignalConversion::Hz);
    freq *= nodes::exp2Approx(static_cast<float>(note / 12.0));
    if (!std::isfinite(freq)) return false;

    const pattern::Value* wave = c.find("wave");
    if (!wave) {
      s.wave = VoiceWave::Saw;
    } else if (wave->isNumber()) {
      // As `vco`'s wave port: rounded, 0 saw, 1 pulse, 2 tri, 3 sine.
      double w = wave->asNumber();
      s.wave = w < 0.5   ? VoiceWave::Saw
               : w < 1.5 ? VoiceWave::Square
               : w < 2.5 ? VoiceWave::Tri
                         : VoiceWave::Sine;
    } else if (wave->isWord()) {
      const std::string& w = wave->asWord();
      if (w == "sine")
        s.wave = VoiceWave::Sine;
      else if (w == "saw")
        s.wave = VoiceWave::Saw;
      else if (w == "square" || w == "pulse")
        s.wave = VoiceWave::Square;
      else if (w == "tri" || w == "triangle")
        s.wave = VoiceWave::Tri;
      else if (w == "supersaw")
        s.wave = VoiceWave::Supersaw;
      else if (BusVoices* node = busVoiceNamed("synth." + w)) {
        // A wave that is a node (pluck, superkick …): its voice template at this frequency.
        s.bus = node;
        s.pitch = static_cast<float>(freq);
        s.sample = nullptr;
        return std::isfinite(s.pitch);
      } else {
        warnOnce("wave " + w, "voices do not play the synth wave `" + w +
                                  "` (sine, saw, square, pulse, tri, triangle, supersaw, and the "
                                  "node waves the patch names as words)");
        return false;
      }
    } else {
      return false;
    }
    auto step = static_cast<float>(freq / static_cast<double>(sampleRate_));
    for (uint32_t v = 0; v < kSupersawVoices; ++v) {
      // Supersaw voice v at freq·2^(0.3·o/12), o evenly spaced in [−1, 1] (LANGUAGE §7.1).
      float o = -1.0f + 2.0f * static_cast<float>(v) / (kSupersawVoices - 1);
      s.phaseStep[v] =
          s.wave == VoiceWave::Supersaw ? step * nodes::exp2Approx(0.3f * o / 12.0f) : step;
    }
    s.sample = nullptr;
    return true;
  }

  bool readSample(const EventControls& c, const pattern::EventV& e, double note, bool loop,
                  VoiceStart& s) {
    const pattern::Value* sound = c.find("s");
    std::string_view name;
    int64_t index = 0;
    if (sound && sound->isWord()) {
      std::tie(name, index) = splitSoundName(sound->asWord());
    } else if (sound && sound->isList() && !sound->asList().empty() &&
               sound->asList()[0].isWord()) {
      const pattern::ValueList& items = sound->asList();
      name = items[0].asWord();
      if (items.size() > 1 && items[1].isNumber() && std::isfinite(items[1].asNumber()))
        index = static_cast<int64_t>(std::floor(std::clamp(items[1].asNumber(), -1e15, 1e15)));
    } else {
      warnOnce("no sound", "an event of a sound pattern names no sound: " + e.value.toString());
      return false;
    }
    if (c.has("n"))
      index = static_cast<int64_t>(std::floor(std::clamp(c.number("n", 0.0), -1e15, 1e15)));
    const Sample* sample = name.empty() ? nullptr : resolve_ ? resolve_(name, index) : nullptr;
    if (!sample) {
      warnOnce("sound " + std::string(name), "unknown sample name `" + std::string(name) + "`");
      return false;
    }
    if (sample->frames == 0 || sample->channels == 0 || sample->channels > 2 ||
        sample->data.size() < sample->frames * sample->channels)
      return false;

    double speed = c.number("speed", 1.0);
    if (speed == 0.0) return false;
    const double frames = static_cast<double>(sample->frames);
    const pattern::Value* unit = c.find("unit");
    double rate = unit && unit->isWord() && unit->asWord() == "c"
                      ? speed * frames * cps_.toDouble() / sampleRate_ // lasts 1/speed cycles
                      : speed * sample->sampleRate / sampleRate_;
    rate *= nodes::exp2Approx(static_cast<float>(note / 12.0));
    if (!std::isfinite(rate) || rate == 0.0) return false;

    double begin = std::clamp(c.number("begin", 0.0), 0.0, 1.0);
    double end = std::clamp(c.number("end", 1.0), 0.0, 1.0);
    if (end <= begin) return false;
    s.regionBegin = static_cast<uint64_t>(begin * frames);
    s.regionEnd = std::min(sample->frames, static_cast<uint64_t>(end * frames));
    if (s.regionEnd <= s.regionBegin) return false;

    s.sample = sample;
    s.backwards = rate < 0.0;
    s.rate = std::fabs(rate);
    s.loop = loop;
    // accelerate: rate(t) = rate₀·(1 + accelerate·t/L), L the planned length in seconds.
    double accelerate = c.number("accelerate", 0.0);
    double planned =
        std::isfinite(s.gate) ? s.gate : static_cast<double>(s.regionEnd - s.regionBegin) / s.rate;
    s.rateSlope = accelerate != 0.0 && planned > 0.0 ? s.rate * accelerate / planned : 0.0;
    if (!std::isfinite(s.rateSlope)) s.rateSlope = 0.0;
    return true;
  }

  void renderVoices(uint32_t from, uint32_t to) {
    if (to <= from) return;
    for (Voice& v : voices_) {
      if (!v.active) continue;
      if (v.start.bus) { // its graph's instance first, then envelope, gain and pan
        v.start.bus->run(v.instance, from, to, v.start.pitch);
        v.busLeft = v.start.bus->left();
        v.busRight = v.start.bus->right();
      }
      v.render(left_.data() + from, right_.data() + from, to - from, fadeFrames_);
      if (!v.active && v.start.bus) v.start.bus->release(v.instance);
    }
  }

  void startVoice(const VoiceStart& s) {
    if (s.cutGroup > 0)
      for (Voice& v : voices_)
        if (v.active && !v.fading() && v.start.cutGroup == s.cutGroup &&
            (!s.cutSameSample || (v.start.sample == s.sample && v.start.bus == s.bus)))
          v.fadeLeft = fadeFrames_;
    // The oldest sounding voice makes room.
    Voice* oldest = nullptr;
    uint32_t sounding = 0;
    Voice* free = nullptr;
    for (Voice& v : voices_) {
      if (!v.active) {
        if (!free) free = &v;
        continue;
      }
      if (v.fading()) continue;
      ++sounding;
      if (!oldest || v.serial < oldest->serial) oldest = &v;
    }
    if (sounding >= VoiceEngine::kVoices && oldest) oldest->fadeLeft = fadeFrames_;
    if (!free) {
      // Every slot holds a sounding or fading voice: the fade nearest its end is cut.
      for (Voice& v : voices_)
        if (v.fading() && (!free || v.fadeLeft < free->fadeLeft)) free = &v;
    }
    if (!free) return;
    if (free->active && free->start.bus) free->start.bus->release(free->instance);
    free->active = false;
    uint32_t instance = 0;
    if (s.bus) {
      instance = s.bus->acquire();
      if (instance == BusVoices::kNoInstance) {
        char mib[32];
        std::snprintf(mib, sizeof mib, "%.1f", s.bus->instanceMiB());
        warnOnce("bus full " + s.bus->bus(),
                 "the bus voice `~" + s.bus->bus() + "` plays at most " +
                     std::to_string(s.bus->capacity()) + " voices at once (each holds " + mib +
                     " MiB): voices beyond them are dropped");
        return;
      }
    }
    free->begin(s, nextSerial_++);
    free->instance = instance;
  }

  pattern::PatternV pattern_;
  SampleResolver resolve_;
  std::vector<BusVoices*> busVoices_; ///< the engine's, which outlive the players
  float sampleRate_ = 48000.0f;
  Rational exactRate_{48000};
  Rational cps_{1, 2};
  Rational start_{0};
  uint32_t fadeFrames_ = 96;
  uint32_t frames_ = 0;
  uint64_t nextSerial_ = 0;
  std::vector<Voice> voices_;
  std::vector<float> left_, right_;
  pattern::PatternV::EventList events_;
  std::vector<VoiceStart> starts_;
  std::vector<std::string> warnings_;
  std::set<std::string> warned_;
  bool dropWarned_ = false;
};

VoiceEngine::VoiceEngine() = default;
VoiceEngine::VoiceEngine(VoiceEngine&&) noexcept = default;
VoiceEngine& VoiceEngine::operator=(VoiceEngine&&) noexcept = default;
VoiceEngine::~VoiceEngine() = default;

VoiceEngine::VoiceEngine(const std::vector<pattern::PatternExprPtr>& sounds, SampleResolver resolve,
                         std::vector<BusVoiceGraph> busVoices, std::shared_ptr<VoiceGraph> shared,
                         uint32_t sharedBuses)
    : sharedInputs_(std::make_unique<SharedInputs>()) {
  if (shared) {
    shared_ = std::make_unique<BusVoices>(BusVoiceGraph{"", std::move(shared)}, nullptr);
    sharedInputs_->channels.resize(2 * static_cast<size_t>(sharedBuses));
  }
  std::vector<BusVoices*> graphs;
  for (BusVoiceGraph& g : busVoices) {
    busVoices_.push_back(std::make_unique<BusVoices>(std::move(g), sharedInputs_.get()));
    graphs.push_back(busVoices_.back().get());
  }
  for (const pattern::PatternExprPtr& sound : sounds)
    players_.push_back(std::make_unique<VoicePlayer>(sound.get(), resolve, graphs));
}

uint32_t VoiceEngine::players() const {
  return static_cast<uint32_t>(players_.size());
}

void VoiceEngine::anchor(uint64_t frame, Rational cycle) {
  for (auto& p : players_) p->anchor(frame, cycle);
}

void VoiceEngine::reset(float sampleRate, uint32_t maxFrames, Rational cps, Rational start) {
  // Every voice slot of every player may hold an instance of a graph, memory permitting.
  const auto wanted =
      static_cast<uint32_t>(std::min<size_t>(kPoolSlots * players_.size(), 1u << 20));
  for (auto& b : busVoices_) b->reset(sampleRate, maxFrames, cps, wanted);
  for (auto& p : players_) p->reset(sampleRate, maxFrames, cps, start);
  frames_ = 0;
  if (shared_) { // one instance, from the start, for every block
    shared_->reset(sampleRate, maxFrames, cps, 1);
    shared_->acquire();
    SharedInputs& in = *sharedInputs_;
    for (std::vector<float>& c : in.channels) c.assign(std::max<uint32_t>(1, maxFrames), 0.0f);
    in.stems.assign(in.channels.size(), nullptr);
    in.view.assign(in.channels.size(), nullptr);
  }
}

void VoiceEngine::process(uint64_t framePosition, uint32_t frames) {
  query(framePosition, frames);
  render();
}

void VoiceEngine::query(uint64_t framePosition, uint32_t frames) {
  frames_ = frames;
  if (shared_) {
    shared_->query(framePosition, frames);
    for (std::vector<float>& c : sharedInputs_->channels)
      if (c.size() < frames) c.resize(frames);
  }
  for (auto& b : busVoices_) b->query(framePosition, frames);
  for (auto& p : players_) p->query(framePosition, frames);
}

void VoiceEngine::render() {
  if (shared_ && frames_ > 0) { // the shared buses first: every voice of the block reads them
    SharedInputs& in = *sharedInputs_;
    for (size_t c = 0; c < in.channels.size(); ++c) in.stems[c] = in.channels[c].data();
    shared_->run(0, 0, frames_, 1.0f, in.stems.data());
  }
  for (auto& p : players_) p->render();
}

const float* VoiceEngine::left(uint32_t slot) const {
  return slot < players_.size() ? players_[slot]->left() : nullptr;
}

const float* VoiceEngine::right(uint32_t slot) const {
  return slot < players_.size() ? players_[slot]->right() : nullptr;
}

uint32_t VoiceEngine::carryVoices(const VoiceEngine& from, uint32_t fromSlot, uint32_t toSlot,
                                  std::span<const uint32_t> sameGraph) {
  if (fromSlot >= from.players_.size() || toSlot >= players_.size()) return 0;
  return players_[toSlot]->carryFrom(*from.players_[fromSlot], sameGraph);
}

uint32_t VoiceEngine::sounding(uint32_t slot) const {
  return slot < players_.size() ? players_[slot]->sounding() : 0;
}

void VoiceEngine::alreadyReported(std::string_view sound) {
  for (auto& p : players_) p->alreadyReported(sound);
}

std::string VoiceEngine::takeWarning() {
  for (auto& p : players_)
    if (std::string w = p->takeWarning(); !w.empty()) return w;
  for (auto& b : busVoices_)
    if (std::string w = b->takeWarning(); !w.empty()) return w;
  if (shared_) return shared_->takeWarning();
  return {};
}

} // namespace phonon::rt
