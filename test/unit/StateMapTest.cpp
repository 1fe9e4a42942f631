// The state map of live sessions (ir/StateMap.h): which nodes keep their identity across an
// edit, and copying a running patch's node state (struct, bank lanes, arena slices with the
// pointers into them) into a freshly initialised one.
#include "TestSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/ir/Channels.h"
#include "phonon/ir/StateMap.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace phonon::test {
namespace {

std::vector<ir::NodeState> mapOf(interp::InterpretedPatch& p) {
  return ir::stateMap(p.module(), p.stateLayout(), p.arenaLayout());
}

/// The op names of `to`'s nodes that would carry state over from `from`.
std::vector<std::string> carried(const std::string& from, const std::string& to) {
  interp::InterpretedPatch a(compileOptimised(from)), b(compileOptimised(to));
  a.init(48000, 64);
  b.init(48000, 64);
  std::vector<ir::NodeState> ma = mapOf(a), mb = mapOf(b);
  std::vector<std::pair<uint32_t, uint32_t>> matches;
  ir::matchStates(ma, mb, matches);
  std::vector<std::string> names;
  for (auto [i, j] : matches) names.push_back(mb[j].node->name);
  std::sort(names.begin(), names.end());
  return names;
}

/// The slots of `to`'s players (or feedback cells) matched with `from`'s: (from, to) pairs.
std::vector<std::pair<uint32_t, uint32_t>> slotsCarried(const std::string& from,
                                                        const std::string& to, ir::Opcode op) {
  interp::InterpretedPatch a(compileOptimised(from)), b(compileOptimised(to));
  std::vector<std::pair<uint32_t, uint32_t>> matches;
  ir::matchSlots(ir::slotIdentities(a.module(), op), ir::slotIdentities(b.module(), op), matches);
  std::sort(matches.begin(), matches.end());
  return matches;
}

using Slots = std::vector<std::pair<uint32_t, uint32_t>>;

TEST(StateMap, PlayersAndFeedbackCellsHaveIdentities) {
  // A player is its statement and position: a sound pattern edited in place keeps it, one
  // added in another statement moves the later slots but not their identities.
  EXPECT_EQ(slotsCarried("out: s \"bd*2\"\n", "out: s \"bd*4\"\n", ir::Opcode::Voices),
            (Slots{{0, 0}}));
  EXPECT_EQ(slotsCarried("out: s \"bd*2\"\nout2: s \"hh*8\"\n",
                         "out: s \"bd*2\"\nout1: s \"sn*2\"\nout2: s \"hh*8\"\n",
                         ir::Opcode::Voices),
            (Slots{{0, 0}, {1, 2}}));
  // In the same statement, a node before it moves it (and the other player is new).
  EXPECT_EQ(slotsCarried("out: s \"bd*2\"\n", "out: sine 3 * s \"bd*2\" + s \"sn\"\n",
                         ir::Opcode::Voices),
            Slots{});
  // A feedback cell is its bus's: another bus's loop added keeps it; a stereo loop's right
  // channel is a cell of its own, matched by its order.
  const std::string loop = "~y: saw 110 * 0.1 + ~y * 0.9\nout: ~y\n";
  EXPECT_EQ(
      slotsCarried(loop, "~z: sine 3 + ~z * 0.5\n" + loop + "out1: ~z\n", ir::Opcode::FeedbackWrite)
          .size(),
      1u);
  EXPECT_TRUE(
      slotsCarried(loop, "~w: saw 110 * 0.1 + ~w * 0.9\nout: ~w\n", ir::Opcode::FeedbackWrite)
          .empty());
  const std::string stereo = "~y: pan (saw 110) 0.3 * 0.1 + ~y * 0.9\nout: ~y\n";
  EXPECT_EQ(slotsCarried(stereo, stereo, ir::Opcode::FeedbackWrite).size(), 2u);
}

TEST(StateMap, IdentityIsTheStatementAndThePositionInIt) {
  // A term added after the sine: the sine is `out`'s first node in both.
  EXPECT_EQ(carried("out: sine 440 * 0.2\n", "out: sine 440 * 0.2 + saw 110 * 0.1\n"),
            std::vector<std::string>{"sine"});
  // A changed constant keeps the node; a changed op does not.
  EXPECT_EQ(carried("out: sine 440 * 0.2\n", "out: sine 660 * 0.2\n"),
            std::vector<std::string>{"sine"});
  EXPECT_TRUE(carried("out: sine 440 * 0.2\n", "out: tri 440 * 0.2\n").empty());
  // A statement added before a bus leaves the bus's nodes alone.
  EXPECT_EQ(carried("~a: saw 3 # lpf 500\nout: sine 440 * ~a\n",
                    "~b: square 1\n~a: saw 3 # lpf 500\nout: sine 440 * ~a * ~b\n"),
            (std::vector<std::string>{"lpf", "saw", "sine"}));
  // A node inserted before the sine in the same statement moves it: position, not name.
  EXPECT_TRUE(carried("out: sine 440 * 0.2\n", "out: saw 110 * 0.1 + sine 440 * 0.2\n").empty());
}

TEST(StateMap, MatchesNeedTheSameOpOccurrenceAndSizes) {
  ir::NodeState a;
  a.identity = 7;
  a.node = nodes::findNodeExact("delay");
  a.size = 16;
  a.arenaSize = 1024;
  ir::NodeState b = a;
  std::vector<std::pair<uint32_t, uint32_t>> out;
  ir::matchStates({a}, {b}, out);
  EXPECT_EQ(out.size(), 1u);
  b.arenaSize = 2048; // a longer delay line: starts afresh
  ir::matchStates({a}, {b}, out);
  EXPECT_TRUE(out.empty());
  b = a;
  b.occurrence = 1;
  ir::matchStates({a}, {b}, out);
  EXPECT_TRUE(out.empty());
  b = a;
  b.node = nodes::findNodeExact("comb");
  ir::matchStates({a}, {b}, out);
  EXPECT_TRUE(out.empty());
}

std::vector<float> block(rt::Patch& p, uint64_t position, uint32_t frames = 64) {
  std::vector<float> left(frames), right(frames);
  float* outputs[2] = {left.data(), right.data()};
  phonon_block_context ctx{};
  ctx.frames = frames;
  ctx.num_channels = 2;
  ctx.outputs = outputs;
  ctx.frame_position = position;
  ctx.cps = p.cps().toDouble();
  ctx.voice_pitch = 1.0f;
  p.process(ctx);
  return left;
}

/// Runs `text` for a while, copies every node's state into a fresh instance and checks that
/// both go on with the same samples, also after the first is gone.
void expectCopyContinues(const std::string& text, bool expectBank, bool expectArena) {
  ir::Module m = compileOptimised(text);
  auto running = std::make_unique<interp::InterpretedPatch>(m);
  interp::InterpretedPatch fresh(m);
  running->init(48000, 64);
  fresh.init(48000, 64);
  uint64_t position = 0;
  for (; position < 48000 / 4; position += 64) block(*running, position);
  std::vector<ir::NodeState> from = mapOf(*running), to = mapOf(fresh);
  bool bank = false, arena = false;
  for (const ir::NodeState& s : to) {
    bank = bank || s.wordStride != 0;
    arena = arena || s.arenaSize != 0;
  }
  EXPECT_EQ(bank, expectBank);
  EXPECT_EQ(arena, expectArena);
  std::vector<std::pair<uint32_t, uint32_t>> matches;
  ir::matchStates(from, to, matches);
  ASSERT_EQ(matches.size(), to.size());
  uint64_t largest = 0;
  for (const ir::NodeState& s : to) largest = std::max(largest, s.size);
  std::vector<unsigned char> scratch(2 * largest);
  rt::Patch::Memory a = running->memory(), b = fresh.memory();
  for (auto [i, j] : matches)
    ir::copyNodeState(from[i], a.state, a.arena, to[j], b.state, b.arena, scratch.data());
  std::vector<float> expected = block(*running, position);
  std::vector<float> got = block(fresh, position);
  EXPECT_EQ(std::memcmp(expected.data(), got.data(), expected.size() * 4), 0);
  // The copy points into its own arena: the delay lines go on without the first patch.
  std::vector<float> more = block(*running, position + 64);
  running.reset();
  std::vector<float> alone = block(fresh, position + 64);
  EXPECT_EQ(std::memcmp(more.data(), alone.data(), more.size() * 4), 0);
  float level = 0;
  for (float x : alone) level = std::max(level, std::fabs(x));
  EXPECT_GT(level, 0.001f);
}

TEST(StateMap, CopiedFiltersAndOscillatorsContinue) {
  expectCopyContinues("out: saw 110 # lpf 900 0.8 # hpf 60 * 0.3\n", false, false);
}

TEST(StateMap, CopiedDelayLinesMoveTheirPointers) {
  expectCopyContinues(
      "out: saw 110 * (square 2 * 0.5 + 0.5) # delay 0.1 0.7 # comb 300 0.5 * 0.2\n", false, true);
}

TEST(StateMap, CopiedBankLanesContinue) {
  expectCopyContinues("out: stack [sine 100, sine 150, sine 200, sine 250, sine 300, sine 350, "
                      "sine 400, sine 450, sine 500, sine 550] * 0.05\n",
                      true, false);
}

/// Copies the state of every other `delay` of `from` (in map order) into `to`.
void copyEveryOtherDelay(const std::vector<ir::NodeState>& map, rt::Patch& from, rt::Patch& to) {
  uint64_t largest = 0;
  for (const ir::NodeState& s : map) largest = std::max(largest, s.size);
  std::vector<unsigned char> scratch(2 * largest);
  rt::Patch::Memory a = from.memory(), b = to.memory();
  size_t delays = 0;
  for (const ir::NodeState& s : map)
    if (std::string(s.node->name) == "delay" && delays++ % 2 == 1)
      ir::copyNodeState(s, a.state, a.arena, s, b.state, b.arena, scratch.data());
}

TEST(StateMap, CopiedRingBankLanesContinueInTheJit) {
  // The JIT runs each group of a SIMD bank's delay lines at one write position (codegen's ring
  // banks); copying some lanes' lines from a patch that ran longer leaves a group's lanes at
  // different positions, which it realigns before they run: the same samples as the
  // interpreter, which keeps every line where it is. Ten lanes: a group of 8, one of 2.
  std::string text = "out: stack [";
  for (int k = 0; k < 10; ++k)
    text += std::string(k ? ", " : "") + "saw " + std::to_string(100 + 13 * k) + " # delay " +
            std::to_string(0.002 + 0.0005 * k) + " 0.6 0.5";
  text += "] * 0.1\n";
  ir::Module m = compileOptimised(text);
  ir::Module running = m; // the JIT's layouts: channels split, as codegen lowers it
  ir::splitChannels(running);
  const nodes::Env env{48000.0f, 1.0f / 48000.0f, 0.0};
  const std::vector<ir::NodeState> jitMap =
      ir::stateMap(running, ir::layoutState(running), ir::layoutArena(running, env));
  ASSERT_TRUE(std::any_of(jitMap.begin(), jitMap.end(), [](const ir::NodeState& s) {
    return std::string(s.node->name) == "delay" && s.wordStride != 0 && s.arenaSize != 0;
  })) << "the delays are expected in a lane-contiguous bank";
  std::string error;
  std::unique_ptr<rt::Patch> jitFrom = codegen::compileJit(m, {}, error);
  std::unique_ptr<rt::Patch> jitTo = codegen::compileJit(m, {}, error);
  ASSERT_TRUE(jitFrom && jitTo) << error;
  interp::InterpretedPatch interpFrom(m), interpTo(m);
  for (rt::Patch* p : {jitFrom.get(), jitTo.get(), static_cast<rt::Patch*>(&interpFrom),
                       static_cast<rt::Patch*>(&interpTo)})
    p->init(48000, 64);
  for (uint64_t position = 0; position < 12000; position += 64) {
    block(*jitFrom, position);
    block(interpFrom, position);
  }
  uint64_t position = 0;
  for (; position < 4032; position += 64) {
    block(*jitTo, position);
    block(interpTo, position);
  }
  copyEveryOtherDelay(jitMap, *jitFrom, *jitTo);
  copyEveryOtherDelay(mapOf(interpFrom), interpFrom, interpTo);
  float level = 0;
  for (int b = 0; b < 40; ++b, position += 64) {
    std::vector<float> expected = block(interpTo, position);
    std::vector<float> got = block(*jitTo, position);
    ASSERT_EQ(std::memcmp(expected.data(), got.data(), expected.size() * 4), 0)
        << "block " << b << " after the copy";
    for (float x : got) level = std::max(level, std::fabs(x));
  }
  EXPECT_GT(level, 0.01f);
}

} // namespace
} // namespace phonon::test
