// dce: values that reach no output (the main mix or a stem) and no node that writes a file
// (`tap`) are removed (DESIGN §6), and so are the pattern slots, sound patterns and feedback
// cells only they used, so the runtime queries no dead pattern. A feedback cell is live while
// something live reads it: its write is kept for that reader.
#include "phonon/passes/Passes.h"

#include <map>

namespace phonon::passes {

namespace {

/// A node that writes a file (`tap`, nodes::PortOutputFile) has an effect besides its value:
/// it runs even when nothing reads it.
bool writesFile(const ir::Instr& in) {
  if (in.op != ir::Opcode::Node || !in.node) return false;
  for (unsigned p = 0; p < in.node->numPorts; ++p)
    if (in.node->ports[p].flags & nodes::PortOutputFile) return true;
  return false;
}

} // namespace

void eliminateDeadCode(ir::Module& m) {
  const size_t n = m.instrs.size();
  std::vector<bool> live(n, false);
  std::map<uint32_t, ir::ValueId> writeOf; // feedback cell → its write
  std::vector<ir::ValueId> work;
  for (ir::ValueId id = 0; id < n; ++id) {
    const ir::Instr& in = m.instrs[id];
    if (in.op == ir::Opcode::FeedbackWrite) writeOf[in.slot] = id;
    if (in.op == ir::Opcode::Output || in.op == ir::Opcode::Stem || writesFile(in))
      live[id] = true, work.push_back(id);
  }
  while (!work.empty()) {
    const ir::Instr& in = m.instrs[work.back()];
    work.pop_back();
    for (ir::ValueId op : in.operands)
      if (!live[op]) live[op] = true, work.push_back(op);
    if (in.op == ir::Opcode::FeedbackRead)
      if (auto w = writeOf.find(in.slot); w != writeOf.end() && !live[w->second])
        live[w->second] = true, work.push_back(w->second);
  }
  ir::compact(m, live);

  // Renumber what is left of the pattern program, the sound patterns and the cells.
  std::map<uint32_t, uint32_t> patterns, voices, cells;
  for (const ir::Instr& in : m.instrs) {
    if (in.op == ir::Opcode::Pattern) patterns.emplace(in.slot, 0);
    if (in.op == ir::Opcode::Voices) voices.emplace(in.slot, 0);
    if (in.op == ir::Opcode::FeedbackRead || in.op == ir::Opcode::FeedbackWrite)
      cells.emplace(in.slot, 0);
  }
  uint32_t next = 0;
  for (auto& [slot, to] : patterns) to = next++;
  next = 0;
  for (auto& [slot, to] : voices) to = next++;
  next = 0;
  for (auto& [slot, to] : cells) to = next++;
  pattern::PatternProgram program;
  program.start = m.patterns.start;
  for (auto& [slot, to] : patterns) program.patterns.push_back(m.patterns.patterns[slot]);
  std::vector<pattern::PatternExprPtr> sounds;
  for (auto& [slot, to] : voices) sounds.push_back(m.voices[slot]);
  for (ir::Instr& in : m.instrs) {
    if (in.op == ir::Opcode::Pattern) in.slot = patterns[in.slot];
    if (in.op == ir::Opcode::Voices) in.slot = voices[in.slot];
    if (in.op == ir::Opcode::FeedbackRead || in.op == ir::Opcode::FeedbackWrite)
      in.slot = cells[in.slot];
  }
  m.patterns = std::move(program);
  m.voices = std::move(sounds);
  m.feedbackCells = static_cast<uint32_t>(cells.size());
}

} // namespace phonon::passes
