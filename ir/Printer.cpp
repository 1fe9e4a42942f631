// Textual IR:
//   patch "demo.ph" cps 1/2 {
//     %0 = const 440 : f32 const
//     %~lfo = sine(freq %0, st %1) : f32 audio
//     out 0, %~lfo
//   }
#include "phonon/ir/Module.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace phonon::ir {

namespace {

std::string formatFloat(float v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string valueName(const Module& m, ValueId id) {
  const Instr& in = m.instrs[id];
  return in.name.empty() ? "%" + std::to_string(id) : "%" + in.name;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

} // namespace

std::string print(const Module& m) {
  std::string out = "patch " + quoted(m.sourceName) + " cps " + m.cps.toString();
  if (m.patterns.start != Rational(0)) out += " start " + m.patterns.start.toString();
  out += " {\n";
  for (ValueId id = 0; id < m.instrs.size(); ++id) {
    const Instr& in = m.instrs[id];
    out += "  ";
    switch (in.op) {
    case Opcode::Const:
      out += valueName(m, id) + " = const " + formatFloat(in.value);
      break;
    case Opcode::Node: {
      out += valueName(m, id) + " = " + in.node->name + "(";
      for (size_t p = 0; p < in.operands.size(); ++p) {
        if (p) out += ", ";
        // A variadic node's extra operands are named after its last port: `b`, `b2`, `b3` …
        size_t port = std::min<size_t>(p, in.node->numPorts - 1);
        out += in.node->ports[port].name;
        if (p > port) out += std::to_string(p - port + 1);
        out += " " + valueName(m, in.operands[p]);
      }
      out += ")";
      break;
    }
    case Opcode::Pattern: {
      const pattern::ProgramPattern& pp = m.patterns.patterns[in.slot];
      out += valueName(m, id) + " = pattern " + std::to_string(in.slot) + " " +
             pattern::describe(*pp.expr);
      if (pp.conversion == pattern::SignalConversion::Hz) out += " hz";
      break;
    }
    case Opcode::Voices:
      out += valueName(m, id) + " = voices " + std::to_string(in.slot) + " " +
             pattern::describe(*m.voices[in.slot]);
      break;
    case Opcode::FeedbackRead:
      out += valueName(m, id) + " = feedback.read " + std::to_string(in.slot);
      break;
    case Opcode::Tempo:
      out += valueName(m, id) + " = tempo";
      break;
    case Opcode::FeedbackWrite:
      out +=
          "feedback.write " + std::to_string(in.slot) + ", " + valueName(m, in.operands[0]) + "\n";
      continue;
    case Opcode::Output:
      out += "out " + std::to_string(in.outputIndex) + ", " + valueName(m, in.operands[0]) + "\n";
      continue;
    }
    out += " : ";
    out += typeName(in.type);
    out += " ";
    out += rateName(in.rate);
    if (in.op == Opcode::Node && in.node->has(nodes::NodeRandom)) {
      char seed[32];
      std::snprintf(seed, sizeof seed, " {seed 0x%08x}", in.seed);
      out += seed;
    }
    out += "\n";
  }
  out += "}\n";
  return out;
}

} // namespace phonon::ir
