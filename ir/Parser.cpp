// The textual IR parser: the inverse of Printer.cpp, driven by the same op table. A bad line is
// reported and skipped, so one run reports every broken line.
#include "phonon/ir/Parser.h"

#include "phonon/ir/Ops.h"
#include "phonon/nodes/Catalogue.h"

#include <charconv>
#include <cstring>
#include <map>
#include <set>

namespace phonon::ir {

namespace {

struct ParseError {};

class IrParser {
public:
  IrParser(const SourceFile& file, const MiniParser& mini, DiagnosticEngine& diags)
      : text_(file.text()), mini_(mini), diags_(diags) {}
  /// A parser for the patch at `pos` of the same text (a voice template's graph).
  IrParser(std::string_view text, const MiniParser& mini, DiagnosticEngine& diags, size_t pos)
      : text_(text), mini_(mini), diags_(diags), pos_(pos) {}

  std::optional<Module> run() {
    if (!patch()) return std::nullopt;
    // The bus voices' graphs, each a patch of its own after `voice ~name`.
    while (true) {
      skipBlank();
      if (atEnd() || !peekWord("voice")) break;
      size_t at = pos_;
      eatWord("voice");
      size_t nameAt = (skipSpace(), pos_);
      std::string bus = word();
      if (bus.size() < 2 || bus[0] != '~') {
        error(nameAt, "expected `~name` after `voice`");
        return std::nullopt;
      }
      bus.erase(0, 1);
      IrParser graph(text_, mini_, diags_, pos_);
      if (!graph.patch()) return std::nullopt;
      pos_ = graph.pos_;
      for (const VoiceTemplate& t : m_.voiceTemplates)
        if (t.bus == bus) error(at, "a second voice template for `~" + bus + "`");
      m_.voiceTemplates.push_back({std::move(bus), std::move(graph.m_)});
    }
    // The buses the voices share, the stems of one graph.
    skipBlank();
    if (!atEnd() && peekWord("voice.shared")) {
      eatWord("voice.shared");
      while (true) {
        size_t nameAt = (skipSpace(), pos_);
        if (peekWord("patch")) break;
        std::string bus = word();
        if (bus.size() < 2 || bus[0] != '~') {
          error(nameAt, "expected `~name` or `patch` after `voice.shared`");
          return std::nullopt;
        }
        m_.voiceSharedBuses.push_back(bus.substr(1));
      }
      IrParser graph(text_, mini_, diags_, pos_);
      if (!graph.patch()) return std::nullopt;
      pos_ = graph.pos_;
      m_.voiceShared.push_back(std::move(graph.m_));
    }
    skipBlank();
    if (!atEnd()) error(pos_, "unexpected text after the patch");
    if (diags_.errorCount() != 0) return std::nullopt;
    return std::move(m_);
  }

  /// One `patch … { … }`: the header, then items to the closing brace. False after an error
  /// that leaves nothing to read on.
  bool patch() {
    try {
      header();
    } catch (const ParseError&) {
      return false;
    }
    while (true) {
      skipBlank();
      if (atEnd()) {
        error(pos_, "expected `}` at the end of the patch");
        break;
      }
      if (peek() == '}') {
        ++pos_;
        break;
      }
      item(kNone, kNone);
    }
    finish();
    return true;
  }

private:
  // ---- characters and tokens --------------------------------------------------------------

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) ++pos_;
  }
  /// Spaces, newlines and `;` comments (phonon-opt's dumps start with `; *** IR Dump …`).
  void skipBlank() {
    while (!atEnd()) {
      if (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
        ++pos_;
      } else if (peek() == ';') {
        while (!atEnd() && peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
  }
  [[noreturn]] void fail(size_t at, const std::string& message) {
    error(at, message);
    throw ParseError{};
  }
  void error(size_t at, const std::string& message) {
    diags_.error(SourceRange::at(static_cast<uint32_t>(std::min(at, text_.size()))), message);
  }
  /// After an error: on to the next line.
  void skipLine() {
    while (!atEnd() && peek() != '\n') ++pos_;
  }

  static bool wordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '~';
  }
  std::string word() {
    skipSpace();
    size_t start = pos_;
    while (!atEnd() && wordChar(peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  void expectWord(const char* w) {
    size_t at = (skipSpace(), pos_);
    if (word() != w) fail(at, std::string("expected `") + w + "`");
  }
  bool eat(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c, const char* context) {
    if (!eat(c)) fail(pos_, std::string("expected `") + c + "` " + context);
  }
  bool peekWord(const char* w) {
    skipSpace();
    size_t n = std::strlen(w);
    return text_.compare(pos_, n, w) == 0 &&
           (pos_ + n >= text_.size() || !wordChar(text_[pos_ + n]));
  }

  bool eatWord(const char* w) {
    if (!peekWord(w)) return false;
    word();
    return true;
  }
  /// `batch N` / `kernel N`: regions are numbered in order.
  uint32_t regionNumber(const char* region, size_t expected) {
    size_t at = pos_;
    word();
    uint32_t n = index("a number");
    if (n != expected)
      fail(at, std::string(region) + (region[0] == 'b' ? "es" : "s") +
                   " are numbered in order: expected " + region + " " + std::to_string(expected));
    return n;
  }

  uint64_t integer(const char* what) {
    skipSpace();
    size_t start = pos_;
    uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
    if (ec != std::errc()) fail(start, std::string("expected ") + what);
    pos_ = static_cast<size_t>(ptr - text_.data());
    return v;
  }
  uint32_t index(const char* what) {
    size_t at = (skipSpace(), pos_);
    uint64_t v = integer(what);
    if (v > 1u << 24) fail(at, std::string(what) + " is too large");
    return static_cast<uint32_t>(v);
  }
  float floatNumber(const char* what) {
    skipSpace();
    size_t start = pos_;
    size_t end = pos_;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                  text_[end] == '.' || text_[end] == '-' || text_[end] == '+'))
      ++end;
    float v = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + end, v);
    if (ec != std::errc() || ptr != text_.data() + end)
      fail(start, std::string("expected ") + what);
    pos_ = end;
    return v;
  }
  Rational rational(const char* what) {
    skipSpace();
    size_t start = pos_;
    bool negative = eat('-');
    int64_t num = static_cast<int64_t>(integer(what));
    int64_t den = 1;
    if (eat('/')) den = static_cast<int64_t>(integer(what));
    if (den <= 0) fail(start, std::string(what) + " has a zero denominator");
    return Rational(negative ? -num : num, den);
  }
  std::string stringLiteral() {
    skipSpace();
    if (peek() != '"') fail(pos_, "expected a string");
    size_t open = pos_++;
    std::string out;
    while (!atEnd() && peek() != '"' && peek() != '\n') {
      char c = text_[pos_++];
      if (c == '\\' && !atEnd()) c = text_[pos_++];
      out += c;
    }
    if (peek() != '"') fail(open, "unterminated string");
    ++pos_;
    return out;
  }

  // ---- structure ---------------------------------------------------------------------------

  void header() {
    skipBlank();
    expectWord("patch");
    m_.sourceName = stringLiteral();
    expectWord("cps");
    size_t at = (skipSpace(), pos_);
    m_.cps = rational("a tempo");
    if (m_.cps <= Rational(0)) fail(at, "the tempo must be positive");
    if (eatWord("start")) m_.patterns.start = rational("a cycle position");
    if (eatWord("buffers")) {
      m_.schedule.buffers = index("a buffer count");
      m_.schedule.buffersAllocated = true;
    }
    expect('{', "to open the patch");
  }

  /// An instruction, a kernel or a batch.
  void item(uint32_t batch, uint32_t kernel) {
    size_t start = pos_;
    try {
      if (kernel == kNone && peekWord("batch")) {
        if (batch != kNone) fail(pos_, "a batch cannot hold another batch");
        batchRegion();
      } else if (kernel == kNone && peekWord("kernel")) {
        kernelRegion(batch);
      } else {
        instruction(kernel);
      }
    } catch (const ParseError&) {
      if (pos_ == start) ++pos_;
      skipLine();
    }
  }

  void batchRegion() {
    size_t at = pos_;
    uint32_t b = regionNumber("batch", m_.schedule.batches.size());
    Batch batch;
    expectWord("cost");
    batch.cost = floatNumber("a cost");
    batch.parallel = eatWord("parallel");
    expect('{', "to open the batch");
    m_.schedule.batches.push_back(batch);
    while (true) {
      skipBlank();
      if (atEnd()) fail(at, "this batch is not closed");
      if (eat('}')) break;
      if (!peekWord("kernel")) {
        error(pos_, "a batch holds kernels only");
        skipLine();
        continue;
      }
      item(b, kNone);
    }
  }

  void kernelRegion(uint32_t batch) {
    size_t at = pos_;
    uint32_t k = regionNumber("kernel", m_.schedule.kernels.size());
    Kernel kernel;
    expectWord("cost");
    kernel.cost = floatNumber("a cost");
    if (eatWord("lanes")) kernel.lanes = index("a lane count");
    if (eatWord("partials")) {
      expect('@', "before the first partial buffer");
      kernel.partials = index("a buffer");
    }
    std::vector<PendingUse> reads, writes;
    if (eatWord("reads")) reads = bufferUses();
    if (eatWord("writes")) writes = bufferUses();
    expect('{', "to open the kernel");
    m_.schedule.kernels.push_back(kernel);
    pendingReads_.push_back({k, std::move(reads)});
    pendingWrites_.push_back({k, std::move(writes)});
    if (batch != kNone) m_.schedule.batches[batch].kernels.push_back(k);
    while (true) {
      skipBlank();
      if (atEnd()) fail(at, "this kernel is not closed");
      if (eat('}')) break;
      item(batch, k);
    }
  }

  struct PendingUse {
    std::string value;
    size_t at;
    uint32_t buffer;
  };
  std::vector<PendingUse> bufferUses() {
    expect('(', "before buffer uses");
    std::vector<PendingUse> uses;
    do {
      skipSpace();
      size_t at = pos_;
      if (!eat('%')) fail(pos_, "expected a value");
      std::string name = word();
      expect('@', "before a buffer number");
      uses.push_back({name, at, index("a buffer number")});
    } while (eat(','));
    expect(')', "after buffer uses");
    return uses;
  }

  ValueId operand() {
    skipSpace();
    size_t at = pos_;
    if (!eat('%')) fail(pos_, "expected a value (`%name`)");
    std::string name = word();
    auto it = values_.find(name);
    if (it == values_.end()) {
      if (broken_.count(name)) throw ParseError{}; // its own line was reported
      fail(at, "use of undefined value `%" + name + "`");
    }
    return it->second;
  }

  void instruction(uint32_t kernel) {
    skipSpace();
    size_t start = pos_;
    std::string result;
    if (eat('%')) {
      result = word();
      if (result.empty()) fail(start, "expected a value name after `%`");
      broken_.insert(result); // until the line is read whole
      expect('=', "after the value's name");
    }
    size_t opAt = (skipSpace(), pos_);
    std::string opName = word();
    const OpDef* def = findOpDef(opName);
    if (!def) {
      std::vector<std::string> names;
      for (const OpDef& d : structuralOps())
        if (!d.name.empty()) names.emplace_back(d.name);
      for (const nodes::NodeInfo& n : nodes::catalogue()) names.emplace_back(n.name);
      std::string message = "unknown op `" + opName + "`";
      if (std::string s = closestMatch(opName, names); !s.empty())
        message += " (did you mean `" + s + "`?)";
      fail(opAt, message);
    }
    if (def->definesValue != !result.empty())
      fail(start, def->definesValue ? "`" + opName + "` defines a value: write `%name = …`"
                                    : "`" + opName + "` defines no value");
    Instr in;
    in.op = def->opcode;
    in.node = def->node;
    in.kernel = kernel;
    if (!result.empty() && !std::isdigit(static_cast<unsigned char>(result[0]))) in.name = result;
    for (AttrKind kind : def->attrs) attribute(in, kind);
    if (def->operandSyntax == OperandSyntax::Named) {
      expect('(', "before the operands");
      if (!eat(')')) {
        do {
          size_t at = (skipSpace(), pos_);
          std::string port = word();
          size_t i = in.operands.size();
          if (i >= in.node->numPorts && !in.node->variadic())
            fail(at, "too many operands for `" + opName + "`");
          Instr probe;
          probe.node = in.node;
          std::string expected = portName(probe, i);
          if (port != expected) fail(at, "expected port `" + expected + "`, found `" + port + "`");
          in.operands.push_back(operand());
        } while (eat(','));
        expect(')', "after the operands");
      }
    } else if (def->operandSyntax == OperandSyntax::Trailing) {
      for (unsigned i = 0; i < def->numOperands; ++i) {
        if (i > 0 || !def->attrs.empty()) expect(',', "before the operand");
        in.operands.push_back(operand());
      }
      // A stereo output pair: `out 0, %left, %right`, `stem 1, %left, %right`.
      if ((def->opcode == Opcode::Output || def->opcode == Opcode::Stem) && eat(','))
        in.operands.push_back(operand());
      if (def->opcode == Opcode::Sum) // two or more
        while (eat(',')) in.operands.push_back(operand());
    }
    if (def->definesValue) {
      expect(':', "before the type and rate");
      size_t at = (skipSpace(), pos_);
      std::string type = word();
      if (type == "f32")
        in.type = Type::F32;
      else if (type == "stereo")
        in.type = Type::Stereo;
      else
        fail(at, "unknown type `" + type + "` (f32 or stereo)");
      at = (skipSpace(), pos_);
      std::string rate = word();
      static const std::pair<const char*, Rate> rates[] = {{"const", Rate::Const},
                                                           {"block", Rate::Block},
                                                           {"event", Rate::Event},
                                                           {"audio", Rate::Audio}};
      bool known = false;
      for (auto [n, r] : rates)
        if (rate == n) {
          in.rate = r;
          known = true;
        }
      if (!known) fail(at, "unknown rate `" + rate + "` (const, block, event or audio)");
    }
    if (eat('{')) {
      expectWord("seed");
      skipSpace();
      size_t at = pos_;
      if (text_.compare(pos_, 2, "0x") != 0) fail(at, "expected a hexadecimal seed");
      pos_ += 2;
      uint32_t seed = 0;
      auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), seed, 16);
      if (ec != std::errc()) fail(at, "expected a hexadecimal seed");
      pos_ = static_cast<size_t>(ptr - text_.data());
      in.seed = seed;
      expect('}', "after the seed");
    }
    skipSpace();
    if (!atEnd() && peek() != '\n' && peek() != ';')
      fail(pos_, "unexpected text after the instruction");
    if (!result.empty()) {
      if (values_.count(result)) fail(start, "value `%" + result + "` is defined twice");
      values_[result] = static_cast<ValueId>(m_.instrs.size());
      broken_.erase(result);
    }
    // Where the instruction is in this text, for the verifier's problems (readIrFile).
    in.loc = {static_cast<uint32_t>(start), static_cast<uint32_t>(pos_)};
    in.hasLoc = true;
    m_.instrs.push_back(std::move(in));
  }

  void attribute(Instr& in, AttrKind kind) {
    switch (kind) {
    case AttrKind::Number:
      if (eatWord("file")) { // a file port's sample (Module.h Instr::file)
        skipSpace();
        size_t at = pos_;
        in.file = stringLiteral();
        if (in.file.empty()) fail(at, "a file constant names a sample");
        return;
      }
      if (eatWord("output")) { // a file a node writes (Module.h Instr::outputFile)
        skipSpace();
        size_t at = pos_;
        in.file = stringLiteral();
        in.outputFile = true;
        if (in.file.empty()) fail(at, "an output file constant names a file");
        return;
      }
      if (eat('[')) { // a constant list (Module.h Instr::items)
        do in.items.push_back(floatNumber("a number"));
        while (eat(','));
        expect(']', "after a constant list");
        in.value = static_cast<float>(in.items.size());
        return;
      }
      in.value = floatNumber("a number");
      return;
    case AttrKind::Slot:
      slotAt_ = (skipSpace(), pos_);
      in.slot = index("a slot number");
      return;
    case AttrKind::OutputIndex:
      in.outputIndex = index("an output number");
      return;
    case AttrKind::PatternExpr:
    case AttrKind::SoundPattern: {
      skipSpace();
      pattern::PatternExprPtr e = parsePattern(text_, pos_, 0, mini_, diags_);
      if (!e) throw ParseError{};
      auto& table = kind == AttrKind::PatternExpr ? patternsAt_ : voicesAt_;
      if (table.count(in.slot))
        fail(slotAt_, "slot " + std::to_string(in.slot) + " is defined twice");
      table[in.slot] = slotAt_;
      if (kind == AttrKind::PatternExpr) {
        if (m_.patterns.patterns.size() <= in.slot) m_.patterns.patterns.resize(in.slot + 1);
        m_.patterns.patterns[in.slot].expr = e;
      } else {
        if (m_.voices.size() <= in.slot) m_.voices.resize(in.slot + 1);
        m_.voices[in.slot] = e;
      }
      return;
    }
    case AttrKind::Conversion: {
      pattern::SignalConversion& c = m_.patterns.patterns[in.slot].conversion;
      if (eatWord("hz"))
        c = pattern::SignalConversion::Hz;
      else if (eatWord("onset"))
        c = pattern::SignalConversion::Onset;
      else if (eatWord("active"))
        c = pattern::SignalConversion::Active;
      return;
    }
    }
  }

  /// Slots are numbered from 0 without gaps: each gap is one error, at the slot after it.
  void missingSlots(const char* kind, const std::map<uint32_t, size_t>& defined) {
    uint32_t expected = 0;
    for (auto [slot, at] : defined) {
      if (slot > expected)
        error(at,
              std::string(kind) + (slot == expected + 1
                                       ? " slot " + std::to_string(expected) + " is never defined"
                                       : " slots " + std::to_string(expected) + " to " +
                                             std::to_string(slot - 1) + " are never defined"));
      expected = slot + 1;
    }
  }

  /// Slots without gaps, buffer uses resolved, the feedback cells counted.
  void finish() {
    missingSlots("pattern", patternsAt_);
    missingSlots("voices", voicesAt_);
    for (const Instr& in : m_.instrs)
      if (in.op == Opcode::FeedbackRead || in.op == Opcode::FeedbackWrite)
        m_.feedbackCells = std::max(m_.feedbackCells, in.slot + 1);
    auto resolve = [&](auto& pending, auto member) {
      for (auto& [k, uses] : pending)
        for (const PendingUse& u : uses) {
          auto it = values_.find(u.value);
          if (it == values_.end()) {
            error(u.at, "use of undefined value `%" + u.value + "`");
            continue;
          }
          (m_.schedule.kernels[k].*member).push_back({it->second, u.buffer});
        }
    };
    resolve(pendingReads_, &Kernel::reads);
    resolve(pendingWrites_, &Kernel::writes);
  }

  std::string_view text_;
  const MiniParser& mini_;
  DiagnosticEngine& diags_;
  size_t pos_ = 0;
  Module m_;
  std::map<std::string, ValueId> values_;
  std::set<std::string> broken_; ///< values whose line had an error: uses are not reported again
  std::map<uint32_t, size_t> patternsAt_, voicesAt_; ///< where each slot's number is
  size_t slotAt_ = 0;                                ///< where the last slot number was read
  std::vector<std::pair<uint32_t, std::vector<PendingUse>>> pendingReads_, pendingWrites_;
};

} // namespace

std::optional<Module> parse(const SourceFile& file, const MiniParser& mini,
                            DiagnosticEngine& diags) {
  return IrParser(file, mini, diags).run();
}

} // namespace phonon::ir
