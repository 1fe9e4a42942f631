// Textual IR, written from the op table (Ops.h); Parser.cpp reads the same syntax back:
//   patch "demo.ph" cps 1/2 buffers 1 {
//     %0 = const 440 : f32 const
//     batch 0 cost 12 {
//       kernel 0 cost 12 writes(%~lfo @0) {
//         %~lfo = sine(freq %0, st %1) : f32 audio
//       }
//     }
//     …
//   }
#include "phonon/ir/Module.h"
#include "phonon/ir/Ops.h"
#include "phonon/ir/PatternText.h"

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

std::string attribute(const Module& m, const Instr& in, AttrKind kind) {
  switch (kind) {
  case AttrKind::Number:
    if (!in.file.empty()) return (in.outputFile ? "output " : "file ") + quoted(in.file);
    if (!in.items.empty()) {
      std::string list = "[";
      for (size_t i = 0; i < in.items.size(); ++i)
        list += (i ? ", " : "") + formatFloat(in.items[i]);
      return list + "]";
    }
    return formatFloat(in.value);
  case AttrKind::Slot:
    return std::to_string(in.slot);
  case AttrKind::OutputIndex:
    return std::to_string(in.outputIndex);
  case AttrKind::PatternExpr:
    return printPattern(*m.patterns.patterns[in.slot].expr);
  case AttrKind::Conversion:
    switch (m.patterns.patterns[in.slot].conversion) {
    case pattern::SignalConversion::Plain:
      return "";
    case pattern::SignalConversion::Hz:
      return "hz";
    case pattern::SignalConversion::Onset:
      return "onset";
    case pattern::SignalConversion::Active:
      return "active";
    }
    return "";
  case AttrKind::SoundPattern:
    return printPattern(*m.voices[in.slot]);
  }
  return "";
}

std::string instruction(const Module& m, ValueId id) {
  const Instr& in = m.instrs[id];
  const OpDef& def = opDef(in);
  std::string out;
  if (def.definesValue) out += valueName(m, id) + " = ";
  out += def.name;
  for (AttrKind kind : def.attrs) {
    std::string a = attribute(m, in, kind);
    if (!a.empty()) out += " " + a;
  }
  if (def.operandSyntax == OperandSyntax::Named) {
    out += "(";
    for (size_t p = 0; p < in.operands.size(); ++p)
      out += (p ? ", " : "") + portName(in, p) + " " + valueName(m, in.operands[p]);
    out += ")";
  } else if (def.operandSyntax == OperandSyntax::Trailing) {
    for (size_t p = 0; p < in.operands.size(); ++p)
      out += (p || !def.attrs.empty() ? ", " : " ") + valueName(m, in.operands[p]);
  }
  if (def.definesValue) {
    out += " : ";
    out += typeName(in.type);
    out += " ";
    out += rateName(in.rate);
  }
  if (def.purity == Purity::Random) {
    char seed[32];
    std::snprintf(seed, sizeof seed, " {seed 0x%08x}", in.seed);
    out += seed;
  }
  return out;
}

std::string bufferUses(const Module& m, const char* label, const std::vector<BufferUse>& uses) {
  if (uses.empty()) return "";
  std::string out = std::string(" ") + label + "(";
  for (size_t i = 0; i < uses.size(); ++i)
    out += (i ? ", " : "") + valueName(m, uses[i].value) + " @" + std::to_string(uses[i].buffer);
  return out + ")";
}

/// The batch that holds each kernel (kNone without batches).
std::vector<uint32_t> batchOfKernels(const Schedule& s) {
  std::vector<uint32_t> batchOf(s.kernels.size(), kNone);
  for (uint32_t b = 0; b < s.batches.size(); ++b)
    for (uint32_t k : s.batches[b].kernels)
      if (k < batchOf.size()) batchOf[k] = b;
  return batchOf;
}

} // namespace

std::string print(const Module& m) {
  const Schedule& s = m.schedule;
  std::string out = "patch " + quoted(m.sourceName) + " cps " + m.cps.toString();
  if (m.patterns.start != Rational(0)) out += " start " + m.patterns.start.toString();
  if (s.buffersAllocated) out += " buffers " + std::to_string(s.buffers);
  out += " {\n";
  std::vector<uint32_t> batchOf = batchOfKernels(s);
  uint32_t openKernel = kNone, openBatch = kNone;
  auto closeKernel = [&] {
    if (openKernel == kNone) return;
    out += std::string(openBatch == kNone ? 2 : 4, ' ') + "}\n";
    openKernel = kNone;
  };
  auto closeBatch = [&] {
    if (openBatch == kNone) return;
    out += "  }\n";
    openBatch = kNone;
  };
  for (ValueId id = 0; id < m.instrs.size(); ++id) {
    uint32_t k = m.instrs[id].kernel;
    if (k != openKernel) {
      closeKernel();
      uint32_t b = k == kNone || k >= batchOf.size() ? kNone : batchOf[k];
      if (b != openBatch) {
        closeBatch();
        if (b != kNone) {
          const Batch& batch = s.batches[b];
          out += "  batch " + std::to_string(b) + " cost " + formatFloat(batch.cost) +
                 (batch.parallel ? " parallel" : "") + " {\n";
          openBatch = b;
        }
      }
      if (k != kNone) {
        static const Kernel unknown;
        const Kernel& kernel = k < s.kernels.size() ? s.kernels[k] : unknown;
        out += std::string(openBatch == kNone ? 2 : 4, ' ') + "kernel " + std::to_string(k) +
               " cost " + formatFloat(kernel.cost);
        if (kernel.lanes > 1) out += " lanes " + std::to_string(kernel.lanes);
        if (kernel.partials != kNone) out += " partials @" + std::to_string(kernel.partials);
        out +=
            bufferUses(m, "reads", kernel.reads) + bufferUses(m, "writes", kernel.writes) + " {\n";
        openKernel = k;
      }
    }
    size_t indent = 2 + (openBatch != kNone ? 2 : 0) + (openKernel != kNone ? 2 : 0);
    out += std::string(indent, ' ') + instruction(m, id) + "\n";
  }
  closeKernel();
  closeBatch();
  out += "}\n";
  for (const VoiceTemplate& t : m.voiceTemplates) out += "voice ~" + t.bus + " " + print(t.graph);
  for (const Module& shared : m.voiceShared) {
    out += "voice.shared";
    for (const std::string& bus : m.voiceSharedBuses) out += " ~" + bus;
    out += " " + print(shared);
  }
  return out;
}

} // namespace phonon::ir
