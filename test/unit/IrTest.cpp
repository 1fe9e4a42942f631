#include "phonon/ir/Module.h"
#include "phonon/nodes/Catalogue.h"

#include <gtest/gtest.h>

namespace phonon::ir {
namespace {

ValueId addNode(Module& m, const char* name, std::vector<ValueId> operands, Rate rate) {
  Instr in;
  in.op = Opcode::Node;
  in.node = nodes::findNode(name);
  in.operands = std::move(operands);
  in.rate = rate;
  return m.add(std::move(in));
}

ValueId addOutput(Module& m, ValueId v) {
  Instr out;
  out.op = Opcode::Output;
  out.operands = {v};
  return m.add(std::move(out));
}

Module sineModule() {
  Module m;
  m.sourceName = "t.ph";
  ValueId f = m.addConst(440);
  ValueId st = m.addConst(0);
  ValueId s = addNode(m, "sine", {f, st}, Rate::Audio);
  m[s].name = "~osc";
  addOutput(m, s);
  return m;
}

TEST(IrTest, ArenaSlicesFollowTheSampleRateAndTheConstantArguments) {
  Module m;
  ValueId in = m.addConst(0);
  ValueId room = m.addConst(0.5f);
  ValueId reverb = addNode(m, "reverb", {in, room, room, room}, Rate::Audio);
  ValueId list = m.addConst(3);
  m[list].items = {1.0f, 0.5f, 0.25f};
  ValueId additive = addNode(m, "additive", {room, list}, Rate::Audio);
  ValueId delay = addNode(m, "delay", {reverb, room, room, room}, Rate::Audio);
  addOutput(m, addNode(m, "add", {additive, delay}, Rate::Audio));

  std::vector<nodes::ConstArg> args = constArgs(m, additive);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0].count, 0u);
  ASSERT_EQ(args[1].count, 3u);
  EXPECT_EQ(args[1].items[2], 0.25f);
  EXPECT_TRUE(constArgs(m, delay).empty());

  auto reverbFloats = [](double rate) {
    uint64_t bytes = 0;
    for (double n : {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617, 556, 441, 341, 225})
      bytes += (static_cast<uint64_t>(n * rate / 44100 + 0.5) * 4 + 15) / 16 * 16;
    return bytes;
  };
  for (float rate : {44100.0f, 48000.0f}) {
    nodes::Env env{rate, 1.0f / rate, 0.0};
    ArenaLayout a = layoutArena(m, env);
    EXPECT_EQ(a.sizes[reverb], reverbFloats(rate)) << rate;
    EXPECT_EQ(a.sizes[additive], 12u);
    EXPECT_EQ(a.sizes[delay], ((static_cast<uint64_t>(4 * rate) + 2) * 4 + 15) / 16 * 16);
    EXPECT_EQ(a.offsets[reverb], 0u);
    EXPECT_EQ(a.offsets[additive] % nodes::kArenaAlign, 0u);
    EXPECT_GE(a.offsets[additive], a.sizes[reverb]);
    EXPECT_EQ(a.offsets[delay], a.offsets[additive] + nodes::kArenaAlign);
    EXPECT_EQ(a.size, a.offsets[delay] + nodes::arenaRoundUp(a.sizes[delay]));
  }
}

TEST(IrTest, PrintsTypesRatesAndNames) {
  EXPECT_EQ(print(sineModule()), "patch \"t.ph\" cps 1/2 {\n"
                                 "  %0 = const 440 : f32 const\n"
                                 "  %1 = const 0 : f32 const\n"
                                 "  %~osc = sine(freq %0, st %1) : f32 audio\n"
                                 "  out 0, %~osc\n"
                                 "}\n");
}

TEST(IrTest, ConstantsPrintExactly) {
  Module m;
  m.addConst(0.1f);
  m.addConst(-1e-30f);
  m.addConst(16777217.0f);
  std::string text = print(m);
  EXPECT_NE(text.find("const 0.1 "), std::string::npos);
  EXPECT_NE(text.find("const -1e-30 "), std::string::npos);
  EXPECT_NE(text.find("const 16777216 "), std::string::npos);
}

TEST(IrTest, VerifierAcceptsValidIr) {
  EXPECT_TRUE(verify(sineModule()).empty());
}

TEST(IrTest, VerifierRejectsUseBeforeDefinition) {
  Module m = sineModule();
  m[2].operands[0] = 3;
  ASSERT_FALSE(verify(m).empty());
  EXPECT_NE(verify(m)[0].find("not defined before its use"), std::string::npos);
}

TEST(IrTest, VerifierRejectsWrongOperandCountsAndRates) {
  Module m = sineModule();
  m[2].operands.pop_back();
  EXPECT_NE(verify(m).at(0).find("sine takes 2 operands, has 1"), std::string::npos);

  Module r = sineModule();
  r[2].rate = Rate::Block;
  EXPECT_NE(verify(r).at(0).find("stateful and must have rate audio"), std::string::npos);

  Module mul;
  ValueId a = mul.addConst(1);
  ValueId s = addNode(mul, "sine", {a, a}, Rate::Audio);
  addNode(mul, "mul", {s, a}, Rate::Const);
  EXPECT_NE(verify(mul).at(0).find("cheaper than its operands' audio"), std::string::npos);
}

TEST(IrTest, VerifierRejectsUsesOfOutputsAndDuplicateNames) {
  Module m = sineModule();
  ValueId out = static_cast<ValueId>(m.instrs.size() - 1);
  addOutput(m, out);
  EXPECT_NE(verify(m).at(0).find("defines no value"), std::string::npos);

  Module n = sineModule();
  n[0].name = "~osc";
  EXPECT_FALSE(verify(n).empty());
}

// The rules textual IR cannot break (its parser resolves names, counts trailing operands,
// numbers slots and regions itself); test/lit/ir has a file for each of the others.
TEST(IrTest, VerifierRulesTheTextualFormCannotReach) {
  using Problems = std::vector<std::string>;
  Module cps = sineModule();
  cps.cps = Rational(0);
  EXPECT_EQ(verify(cps), Problems{"cps must be positive, is 0"});

  Module node = sineModule();
  node[2].node = nullptr;
  EXPECT_EQ(verify(node), Problems{"%2: node instruction without a node"});

  Module name = sineModule();
  name[0].name = "~osc";
  EXPECT_EQ(verify(name), Problems{"%2: name %~osc is defined twice"});

  Module none = sineModule();
  none[1].operands = {0};
  EXPECT_EQ(verify(none), Problems{"%1: const takes no operands"});

  Module trailing = sineModule();
  trailing[3].operands = {2, 2, 2};
  EXPECT_EQ(verify(trailing), Problems{"%3: out takes 1 operand (or two: left, right)"});
  trailing[3].operands = {2, 2}; // a stereo pair of mono channels
  EXPECT_EQ(verify(trailing), Problems{});

  Module pattern = sineModule();
  Instr p;
  p.op = Opcode::Pattern;
  p.rate = Rate::Event;
  pattern.add(p);
  EXPECT_EQ(verify(pattern), Problems{"%4: pattern slot 0 is not in the program"});

  Module voices = sineModule();
  Instr v;
  v.op = Opcode::Voices;
  v.type = Type::Stereo;
  v.rate = Rate::Audio;
  voices.add(v);
  EXPECT_EQ(verify(voices), Problems{"%4: voices slot 0 is not in the module"});

  Module cell = sineModule();
  Instr read;
  read.op = Opcode::FeedbackRead;
  read.rate = Rate::Audio;
  ValueId r = cell.add(read);
  Instr write;
  write.op = Opcode::FeedbackWrite;
  write.operands = {r};
  cell.add(write);
  EXPECT_EQ(verify(cell), (Problems{"%4: feedback cell 0 is not in the module",
                                    "%5: feedback cell 0 is not in the module"}));

  Module kernels = sineModule();
  kernels.schedule.kernels.resize(2);
  kernels[2].kernel = 5;
  kernels[3].kernel = 0;
  EXPECT_EQ(verify(kernels), Problems{"%2: kernel 5 does not exist"});
  kernels[2].kernel = 1;
  EXPECT_EQ(verify(kernels),
            Problems{"%3: the members of a kernel must be consecutive, and kernels in order"});
}

TEST(IrTest, CompactRenumbersOperands) {
  Module m = sineModule();
  m.addConst(7); // unused, at the end
  Module k = m;
  compact(k, {false, true, true, true, true}); // drop %0: invalid, but renumbered
  EXPECT_EQ(k.instrs.size(), 4u);
  EXPECT_EQ(k[1].operands[1], 0u);
}

TEST(IrTest, StateLayoutAlignsEachNodeAfterTheEnv) {
  Module m;
  ValueId c = m.addConst(1);
  addNode(m, "sine", {c, c}, Rate::Audio);
  addNode(m, "noise", {}, Rate::Audio);
  addNode(m, "add", {1, 2}, Rate::Audio);
  StateLayout layout = layoutState(m);
  EXPECT_EQ(layout.offsets[1], sizeof(nodes::Env));
  EXPECT_EQ(layout.offsets[2], sizeof(nodes::Env) + nodes::findNode("sine")->stateSize);
  EXPECT_EQ(layout.offsets[3], 0u); // stateless
  EXPECT_EQ(layout.size % layout.align, 0u);
  EXPECT_GE(layout.size, layout.offsets[2] + 4);
}

/// A module that taps `input` into `path` for `seconds` (sema's shape: the output file const
/// and its length const at the node's `file` and `seconds` ports).
ValueId addTap(Module& m, ValueId input, const std::string& path, float seconds) {
  Instr file;
  file.op = Opcode::Const;
  file.file = path;
  file.outputFile = true;
  ValueId f = m.add(std::move(file));
  return addNode(m, "tap", {input, f, m.addConst(seconds)}, Rate::Audio);
}

TEST(IrTest, FileTableGivesEachWrittenFileItsLengthAndChannels) {
  Module m;
  ValueId sample = m.add([] {
    Instr in;
    in.op = Opcode::Const;
    in.file = "probe.wav"; // a sample of the same name: another slot
    return in;
  }());
  ValueId dry = m.addConst(0.5f);
  ValueId wet = addNode(m, "convolve", {m.addConst(0), sample, dry}, Rate::Audio);
  addOutput(m, addTap(m, wet, "probe.wav", 0.25f));
  std::vector<pattern::FileSlot> table = fileTable(m);
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[0], (pattern::FileSlot{"probe.wav", 0, 0.0f}));
  EXPECT_EQ(table[1], (pattern::FileSlot{"probe.wav", 1, 0.25f}));
  EXPECT_EQ(fileNames(m), (std::vector<std::string>{"probe.wav", "probe.wav"}));
  EXPECT_TRUE(verify(m).empty()) << verify(m)[0];
}

TEST(IrTest, VerifierRejectsAWrittenFileOfTwoNodesOrWithoutALength) {
  Module m;
  ValueId x = m.addConst(0.5f);
  addOutput(m, addTap(m, x, "a.wav", 1));
  addOutput(m, addTap(m, x, "a.wav", 1));
  std::vector<std::string> problems = verify(m);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("the file \"a.wav\" is written by two nodes"), std::string::npos)
      << problems[0];

  Module zero;
  addOutput(zero, addTap(zero, zero.addConst(0.5f), "b.wav", 0));
  problems = verify(zero);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("a constant in (0, 600] seconds"), std::string::npos) << problems[0];

  // A sample name where the node writes a file, and the other way round.
  Module sample;
  ValueId tap = addTap(sample, sample.addConst(0.5f), "c.wav", 1);
  sample[sample[tap].operands[1]].outputFile = false;
  addOutput(sample, tap);
  problems = verify(sample);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("takes an output file"), std::string::npos) << problems[0];
}

TEST(IrTest, ANodeWithoutAKernelIsUnavailableAtItsPlace) {
  // Every callable node has a kernel now; the path that refuses one without (sema knows its
  // signature, code generation and the interpreter refuse it) is kept for the next row added
  // to NodeTable.def before its kernel: a row like `tap`'s before it had one.
  static const nodes::PortInfo ports[] = {nodes::sig("in")};
  static const nodes::NodeInfo unwritten{"unwritten",
                                         nullptr,
                                         0,
                                         ports,
                                         1,
                                         1,
                                         0,
                                         1,
                                         nodes::NodeStateful,
                                         nodes::Group::Analysis,
                                         1,
                                         "a row without a kernel",
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         nullptr};
  ASSERT_FALSE(unwritten.hasKernel());
  Module m;
  Instr in;
  in.op = Opcode::Node;
  in.node = &unwritten;
  in.operands = {m.addConst(0.5f)};
  in.rate = Rate::Audio;
  ValueId id = m.add(std::move(in));
  addOutput(m, id);
  std::vector<Unavailable> missing = unavailable(m);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].id, id);
  EXPECT_EQ(missing[0].reason, "`unwritten` is not available yet: its kernel is not written");
  EXPECT_EQ(missing[0].instr, &m[id]);
  EXPECT_TRUE(unavailable(sineModule()).empty());
}

} // namespace
} // namespace phonon::ir
