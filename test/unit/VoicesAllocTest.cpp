// The voice engine's real-time step allocates nothing (LANGUAGE §9, DESIGN: nothing on the
// audio path allocates): a test binary of its own, whose global operator new counts the
// allocations made while counting is on. Only VoiceEngine::render() is counted, since the
// pattern query before it allocates by design (std::function, event vectors, control maps).
// Bus voices included: starting one restarts an instance of the bus's graph, made at reset.
#include "TestSupport.h"
#include "VoiceSupport.h"

#include "phonon/interp/Interpreter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0};

void* allocate(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* allocateAligned(std::size_t size, std::align_val_t align) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  auto a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}

} // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t size, std::align_val_t align) {
  return allocateAligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocateAligned(size, align);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace phonon::test {
namespace {

struct Counted {
  uint64_t query = 0, render = 0; ///< allocations in each step
  uint32_t maxSounding = 0;       ///< of player 0
};

/// Renders `seconds` at 48 kHz in blocks of 512 (after a first block), counting the
/// allocations of the query and of the render step apart.
Counted renderCounting(rt::VoiceEngine& engine, int seconds) {
  engine.reset(48000, 512, Rational(1), Rational(0));
  engine.process(0, 512);
  Counted c;
  for (uint64_t position = 512; position < static_cast<uint64_t>(seconds) * 48000;
       position += 512) {
    allocations = 0;
    counting = true;
    engine.query(position, 512);
    counting = false;
    c.query += allocations;
    allocations = 0;
    counting = true;
    engine.render();
    counting = false;
    c.render += allocations;
    c.maxSounding = std::max(c.maxSounding, engine.sounding(0));
  }
  return c;
}

TEST(VoicesAllocTest, RenderingAllocatesNothing) {
  SampleSet samples;
  samples.add("dc", dc(10.0));
  samples.add("st", makeSample("st", 2, std::vector<float>(96000, 0.25f)));
  // 256 overlapping sample voices and more (steals, fades, cuts, reversed and looped reads),
  // and a synth player.
  rt::VoiceEngine engine(
      {control("s", "dc*256"),
       chain(control("s", "dc*300 st*40"), control("speed", "1 -0.7 1.3"),
             control("cut", "0 0 0 2"), control("loop", "0 1"), control("pan", "-0.5 0.5")),
       chain(control("freq", "110*64"), control("wave", "<saw supersaw sine tri square>"),
             control("legato", "4"))},
      samples.resolver());
  Counted counted = renderCounting(engine, 3);
  EXPECT_EQ(counted.render, 0u);
  EXPECT_EQ(counted.maxSounding, 256u);
  EXPECT_EQ(engine.sounding(1), 256u);
  EXPECT_GT(counted.query, 0u); // the counter counts
}

TEST(VoicesAllocTest, BusVoicesAllocateNothingWhenTheyStartOrRender) {
  // A filtered saw as a bus voice, 300 starts a cycle released over 2 s (the pool of 256 full,
  // stealing) and
  // transposed voices, through the interpreter's graph (each instance an interpreted patch).
  std::unique_ptr<Compiled> c = compileText("~pad: saw 110 # lpf 800 0.7 * 0.1\nout: s \"~pad\"\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  ASSERT_EQ(c->module->voiceTemplates.size(), 1u);
  rt::VoiceEngine engine(
      {chain(control("s", "~pad*300"), control("release", 2.0)),
       chain(control("s", "~pad*8"), control("note", "0 7 12"))},
      rt::SampleResolver(),
      {{"pad", interp::interpretedVoiceGraph(c->module->voiceTemplates[0].graph)}});
  Counted counted = renderCounting(engine, 2);
  EXPECT_EQ(counted.render, 0u);
  EXPECT_EQ(counted.maxSounding, 256u);
  EXPECT_EQ(engine.takeWarning(), "");
}

TEST(VoicesAllocTest, CarryingVoicesAllocatesNothingAndTheyPlayOnAlike) {
  // A live session's swap (VoiceEngine::carryVoices): a new engine of the same sound patterns,
  // its own samples (equal files in another library) and its own graph of the same bus voice,
  // takes on the sounding voices of one that has played a while, allocating nothing; from
  // then on both render the same samples.
  std::unique_ptr<Compiled> c = compileText("~pad: saw 110 # lpf 800 0.7 * 0.1\nout: s \"~pad\"\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  SampleSet oldSamples, newSamples;
  for (SampleSet* s : {&oldSamples, &newSamples}) {
    s->add("dc", dc(10.0));
    s->add("st", makeSample("st", 2, std::vector<float>(96000, 0.25f)));
  }
  auto engine = [&](const SampleSet& samples) {
    return rt::VoiceEngine(
        {chain(control("s", "dc*300 st*40"), control("speed", "1 -0.7 1.3"),
               control("cut", "0 0 0 2"), control("loop", "0 1"), control("pan", "-0.5 0.5")),
         chain(control("freq", "110*64"), control("wave", "<saw supersaw sine tri square>"),
               control("legato", "4")),
         chain(control("s", "~pad*8"), control("release", 2.0))},
        samples.resolver(),
        {{"pad", interp::interpretedVoiceGraph(c->module->voiceTemplates[0].graph)}});
  };
  rt::VoiceEngine before = engine(oldSamples), after = engine(newSamples);
  before.reset(48000, 512, Rational(1), Rational(0));
  after.reset(48000, 512, Rational(1), Rational(0));
  uint64_t position = 0;
  for (; position < 48000; position += 512) before.process(position, 512);
  const uint32_t sameGraph[] = {0};
  uint32_t carried[3] = {};
  allocations = 0;
  counting = true;
  for (uint32_t slot = 0; slot < 3; ++slot)
    carried[slot] = after.carryVoices(before, slot, slot, sameGraph);
  counting = false;
  EXPECT_EQ(allocations, 0u);
  for (uint32_t slot = 0; slot < 3; ++slot) {
    EXPECT_GT(before.sounding(slot), 0u) << slot;
    EXPECT_GE(carried[slot], before.sounding(slot)) << slot; // fading voices carry too
  }
  for (uint64_t end = position + 48000; position < end; position += 512) {
    before.process(position, 512);
    after.process(position, 512);
    for (uint32_t slot = 0; slot < 3; ++slot)
      for (uint32_t i = 0; i < 512; ++i)
        ASSERT_EQ(before.left(slot)[i], after.left(slot)[i]) << slot << " at " << position + i;
  }
  // A graph that is not the same (none named), or no graph: the bus voices stay behind.
  rt::VoiceEngine other = engine(newSamples);
  other.reset(48000, 512, Rational(1), Rational(0));
  EXPECT_EQ(other.carryVoices(before, 2, 2), 0u);
}

} // namespace
} // namespace phonon::test
