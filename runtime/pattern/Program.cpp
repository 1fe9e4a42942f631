// Pattern programs: building patterns from them, and their byte format. The format is a tag
// per node, integers as signed LEB128, strings length-prefixed; it starts with a magic and a
// version so that a patch from another version is refused, not misread.
#include "phonon/pattern/Program.h"

#include "phonon/pattern/Ops.h"
#include "phonon/pattern/Transforms.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace phonon::pattern {

namespace {

PatternV combineWith(uint8_t kind, ArithOp op, Structure structure, const PatternV& l,
                     const PatternV& r) {
  switch (static_cast<PatternExpr::Kind>(kind)) {
  case PatternExpr::Kind::Set:
    return setValues(structure, l, r);
  case PatternExpr::Kind::Keep:
    return keepValues(structure, l, r);
  default:
    return arithmetic(op, structure, l, r);
  }
}

const char* const kGenerators[] = {
    "run",           "scan",   "irand",   "binary",    "binaryN",
    "walk",          "rand",   "cosine",  "wedge",     "sew",
    "stitch",        "scale",  "chord",   "every_val", "whenmod_val",
    "sometimes_val", "choose", "wchoose", "timeCat",   "sometimes_by_val",
    "weave",
};

PatternV buildGenerator(const PatternExpr& expr) {
  const std::string& g = expr.generator;
  auto item = [&](size_t i) -> const PatternExpr& {
    if (i >= expr.items.size() || !expr.items[i])
      throw std::runtime_error("`" + g + "` is missing an argument");
    return *expr.items[i];
  };
  auto P = [&](size_t i) { return buildPattern(item(i)); };
  auto V = [&](size_t i) {
    if (item(i).kind != PatternExpr::Kind::Number)
      throw std::runtime_error("`" + g + "` takes constant numbers there");
    return Value(item(i).number);
  };
  if (g == "run") return run(P(0));
  if (g == "scan") return scan(P(0));
  if (g == "irand") return irand(P(0));
  if (g == "binary") return binary(P(0));
  if (g == "binaryN") return binaryN(P(0), P(1));
  if (g == "walk") return walk(P(0));
  if (g == "rand") return rand();
  if (g == "cosine") return cosine();
  if (g == "wedge") return wedge(P(0), P(1), P(2));
  if (g == "sew") return sew(P(0), P(1), P(2));
  if (g == "stitch") return stitch(P(0), P(1), P(2));
  if (g == "scale") return scale(P(0), P(1));
  if (g == "chord") return chord(P(0), P(1));
  if (g == "every_val") return everyVal(P(0), V(1), V(2));
  if (g == "whenmod_val") return whenmodVal(P(0), P(1), V(2), V(3));
  if (g == "sometimes_val") return sometimesByVal(pureNumber(0.5), V(0), V(1));
  if (g == "sometimes_by_val") return sometimesByVal(P(0), V(1), V(2));
  if (g == "choose") {
    std::vector<Value> values;
    for (size_t i = 0; i < expr.items.size(); ++i) values.push_back(V(i));
    return choose(values);
  }
  if (g == "wchoose") {
    std::vector<std::pair<Value, double>> weighted;
    for (size_t i = 0; i + 1 < expr.items.size(); i += 2)
      weighted.push_back({V(i), V(i + 1).asNumber()});
    return wchoose(weighted);
  }
  if (g == "timeCat") {
    std::vector<std::pair<Rational, PatternV>> parts;
    for (size_t i = 0; i + 1 < expr.items.size(); i += 2)
      parts.push_back({Rational::fromDouble(V(i).asNumber()), P(i + 1)});
    return timeCat(parts);
  }
  if (g == "weave") {
    std::vector<PatternV> layers;
    for (size_t i = 2; i < expr.items.size(); ++i) layers.push_back(P(i));
    return weave(P(0), P(1), layers);
  }
  throw std::runtime_error("unknown pattern function `" + g + "`");
}

} // namespace

bool isGenerator(std::string_view name) {
  for (const char* g : kGenerators)
    if (name == g) return true;
  return false;
}

PatternV buildPattern(const PatternExpr& expr) {
  switch (expr.kind) {
  case PatternExpr::Kind::Mini:
    return buildMiniPattern(*expr.mini, expr.context);
  case PatternExpr::Kind::Number:
    return expr.exact ? pureTime(*expr.exact) : pureNumber(expr.number);
  case PatternExpr::Kind::Arithmetic:
  case PatternExpr::Kind::Set:
  case PatternExpr::Kind::Keep:
    return combineWith(static_cast<uint8_t>(expr.kind), expr.op, expr.structure,
                       buildPattern(*expr.lhs), buildPattern(*expr.rhs));
  case PatternExpr::Kind::Apply:
    return buildFunction(*expr.function)(buildPattern(*expr.lhs));
  case PatternExpr::Kind::Control:
    return fmap(buildPattern(*expr.lhs), [control = expr.control](const Value& v) {
      // `s "bd:3"`: the sound and its file index.
      if ((control == "s" || control == "sound") && v.isList() && v.asList().size() == 2)
        return Value::map(ControlMap{{"s", v.asList()[0]}, {"n", v.asList()[1]}});
      return Value::map(ControlMap{{control == "sound" ? "s" : control, controlValue(control, v)}});
    });
  case PatternExpr::Kind::Generator:
    return buildGenerator(expr);
  }
  return silence<Value>();
}

Value controlValue(const std::string& control, const Value& v) {
  if ((control == "note" || control == "n") && v.isPitch()) return Value(v.asNumber() - 60.0);
  return v;
}

Fn buildFunction(const PatternFn& fn) {
  switch (fn.kind) {
  case PatternFn::Kind::Transform: {
    const OpInfo* op = findOp(fn.name);
    std::string kinds = op ? op->args : "";
    if (!op || kinds.size() != fn.args.size())
      throw std::runtime_error("cannot apply the transform `" + fn.name + "`");
    std::vector<OpArg> args(fn.args.size());
    for (size_t i = 0; i < fn.args.size(); ++i) {
      const PatternArg& a = fn.args[i];
      switch (static_cast<ArgKind>(kinds[i])) {
      case ArgKind::Pattern:
      case ArgKind::Bools:
      case ArgKind::Any:
      case ArgKind::Optional: // sema writes the 1 of a left-out amount
        if (!a.pattern) throw std::runtime_error("`" + fn.name + "` needs a pattern argument");
        args[i].pattern = buildPattern(*a.pattern);
        break;
      case ArgKind::Function:
        if (!a.function) throw std::runtime_error("`" + fn.name + "` needs a function argument");
        args[i].function = buildFunction(*a.function);
        break;
      case ArgKind::Functions:
        for (const PatternFnPtr& f : a.functions) args[i].functions.push_back(buildFunction(*f));
        break;
      case ArgKind::Patterns:
      case ArgKind::Numbers:
        for (const PatternExprPtr& p : a.patterns) args[i].patterns.push_back(buildPattern(*p));
        break;
      case ArgKind::Values:
        for (const PatternExprPtr& p : a.patterns) {
          if (!p || p->kind != PatternExpr::Kind::Number)
            throw std::runtime_error("`" + fn.name + "` takes a list of constant numbers");
          args[i].values.push_back(p->exact ? Value::exact(*p->exact) : Value(p->number));
        }
        break;
      case ArgKind::Word:
        // A word is written as a one-word string; its text is the word.
        if (!a.pattern || a.pattern->kind != PatternExpr::Kind::Mini)
          throw std::runtime_error("`" + fn.name + "` needs a word argument");
        args[i].word = a.pattern->text;
        break;
      }
    }
    return [op, args](const PatternV& p) { return op->apply(args, p); };
  }
  case PatternFn::Kind::Section: {
    PatternV operand = buildPattern(*fn.operand);
    uint8_t kind = fn.sectionKind;
    ArithOp op = fn.op;
    Structure structure = fn.structure;
    bool left = fn.operandOnLeft;
    return [=](const PatternV& p) {
      return left ? combineWith(kind, op, structure, operand, p)
                  : combineWith(kind, op, structure, p, operand);
    };
  }
  case PatternFn::Kind::Compose: {
    std::vector<Fn> steps;
    for (const PatternFnPtr& f : fn.steps) steps.push_back(buildFunction(*f));
    return [steps](const PatternV& p) {
      PatternV q = p;
      for (const Fn& f : steps) q = f(q);
      return q;
    };
  }
  }
  return [](const PatternV& p) { return p; };
}

float signalValue(const Value& v, SignalConversion conversion) {
  if (v.isMap()) return signalValue(numberOfControls(v), conversion);
  double x = v.asNumber();
  if (conversion == SignalConversion::Hz && v.isPitch()) x = 440.0 * std::exp2((x - 69.0) / 12.0);
  return static_cast<float>(x);
}

namespace {

constexpr char kMagic[] = "PHPP";
constexpr int64_t kVersion = 7;

class Writer {
public:
  void integer(int64_t v) {
    bool more = true;
    while (more) {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
      out += static_cast<char>(more ? byte | 0x80 : byte);
    }
  }
  void text(const std::string& s) {
    integer(static_cast<int64_t>(s.size()));
    out += s;
  }
  void real(double d) {
    char b[8];
    std::memcpy(b, &d, 8);
    out.append(b, 8);
  }
  void rational(const Rational& r) {
    integer(r.num());
    integer(r.den());
  }
  void loc(const SourceLoc& l) {
    integer(l.begin);
    integer(l.end);
  }
  void node(const MiniPtr& n) {
    integer(n ? 1 : 0);
    if (!n) return;
    integer(static_cast<int64_t>(n->kind));
    loc(n->loc);
    text(n->text);
    integer(n->isNumber);
    integer(static_cast<int64_t>(n->steps.size()));
    for (const MiniStep& s : n->steps) {
      node(s.body);
      modifiers(s.modifiers);
      node(s.rangeEnd);
      modifiers(s.rangeEndModifiers);
      rational(s.extraWeight);
      integer(s.extraCopies);
      loc(s.loc);
    }
    integer(static_cast<int64_t>(n->layers.size()));
    for (const MiniPtr& l : n->layers) node(l);
    node(n->stepsPerCycle);
    integer(n->seed);
  }
  void modifiers(const std::vector<MiniModifier>& mods) {
    integer(static_cast<int64_t>(mods.size()));
    for (const MiniModifier& m : mods) {
      integer(static_cast<int64_t>(m.kind));
      integer(static_cast<int64_t>(m.args.size()));
      for (const MiniPtr& a : m.args) node(a);
      rational(m.amount);
      integer(m.countOnly);
      integer(m.seed);
      loc(m.loc);
    }
  }
  void expr(const PatternExprPtr& e) {
    integer(static_cast<int64_t>(e->kind));
    switch (e->kind) {
    case PatternExpr::Kind::Mini:
      node(e->mini);
      text(e->text);
      integer(static_cast<int64_t>(e->context));
      break;
    case PatternExpr::Kind::Number:
      real(e->number);
      integer(e->exact ? 1 : 0);
      if (e->exact) rational(*e->exact);
      break;
    case PatternExpr::Kind::Arithmetic:
    case PatternExpr::Kind::Set:
    case PatternExpr::Kind::Keep:
      integer(static_cast<int64_t>(e->op));
      integer(static_cast<int64_t>(e->structure));
      expr(e->lhs);
      expr(e->rhs);
      break;
    case PatternExpr::Kind::Apply:
      function(e->function);
      expr(e->lhs);
      break;
    case PatternExpr::Kind::Control:
      text(e->control);
      expr(e->lhs);
      break;
    case PatternExpr::Kind::Generator:
      text(e->generator);
      integer(static_cast<int64_t>(e->items.size()));
      for (const PatternExprPtr& item : e->items) expr(item);
      break;
    }
  }
  void function(const PatternFnPtr& f) {
    integer(static_cast<int64_t>(f->kind));
    switch (f->kind) {
    case PatternFn::Kind::Transform:
      text(f->name);
      integer(static_cast<int64_t>(f->args.size()));
      for (const PatternArg& a : f->args) {
        integer(a.pattern ? 1 : a.function ? 2 : a.isPatterns ? 4 : 3);
        if (a.pattern) {
          expr(a.pattern);
        } else if (a.function) {
          function(a.function);
        } else if (a.isPatterns) {
          integer(static_cast<int64_t>(a.patterns.size()));
          for (const PatternExprPtr& p : a.patterns) expr(p);
        } else {
          integer(static_cast<int64_t>(a.functions.size()));
          for (const PatternFnPtr& g : a.functions) function(g);
        }
      }
      break;
    case PatternFn::Kind::Section:
      integer(f->sectionKind);
      integer(static_cast<int64_t>(f->op));
      integer(static_cast<int64_t>(f->structure));
      expr(f->operand);
      integer(f->operandOnLeft);
      break;
    case PatternFn::Kind::Compose:
      integer(static_cast<int64_t>(f->steps.size()));
      for (const PatternFnPtr& g : f->steps) function(g);
      break;
    }
  }
  std::string out;
};

class Reader {
public:
  explicit Reader(const std::string& s) : in_(s) {}
  [[noreturn]] static void fail() { throw std::runtime_error("malformed pattern program"); }
  int64_t integer() {
    int64_t result = 0;
    int shift = 0;
    uint8_t byte;
    do {
      if (pos_ >= in_.size() || shift > 63) fail();
      byte = static_cast<uint8_t>(in_[pos_++]);
      result |= static_cast<int64_t>(byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) result |= -(int64_t(1) << shift);
    return result;
  }
  int64_t bounded(int64_t lo, int64_t hi) {
    int64_t v = integer();
    if (v < lo || v > hi) fail();
    return v;
  }
  std::string text() {
    int64_t n = bounded(0, static_cast<int64_t>(in_.size() - pos_));
    std::string s = in_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  double real() {
    if (pos_ + 8 > in_.size()) fail();
    double d;
    std::memcpy(&d, in_.data() + pos_, 8);
    pos_ += 8;
    return d;
  }
  Rational rational() {
    int64_t n = integer(), d = integer();
    if (d <= 0) fail();
    return Rational(n, d);
  }
  SourceLoc loc() {
    SourceLoc l;
    l.begin = static_cast<uint32_t>(bounded(0, UINT32_MAX));
    l.end = static_cast<uint32_t>(bounded(0, UINT32_MAX));
    return l;
  }
  MiniPtr node(int depth = 0) {
    if (depth > 4000) fail();
    if (!bounded(0, 1)) return nullptr;
    auto n = std::make_shared<MiniNode>();
    n->kind =
        static_cast<MiniNode::Kind>(bounded(0, static_cast<int64_t>(MiniNode::Kind::Polymeter)));
    n->loc = loc();
    n->text = text();
    n->isNumber = bounded(0, 1);
    int64_t steps = bounded(0, static_cast<int64_t>(in_.size()));
    for (int64_t i = 0; i < steps; ++i) {
      MiniStep s;
      s.body = node(depth + 1);
      if (!s.body) fail();
      s.modifiers = modifiers(depth);
      s.rangeEnd = node(depth + 1);
      s.rangeEndModifiers = modifiers(depth);
      s.extraWeight = rational();
      s.extraCopies = static_cast<int>(bounded(0, 100000));
      s.loc = loc();
      n->steps.push_back(std::move(s));
    }
    int64_t layers = bounded(0, static_cast<int64_t>(in_.size()));
    for (int64_t i = 0; i < layers; ++i) {
      MiniPtr l = node(depth + 1);
      if (!l) fail();
      n->layers.push_back(l);
    }
    n->stepsPerCycle = node(depth + 1);
    n->seed = static_cast<int>(bounded(0, 1 << 30));
    return n;
  }
  std::vector<MiniModifier> modifiers(int depth) {
    std::vector<MiniModifier> mods;
    int64_t count = bounded(0, static_cast<int64_t>(in_.size()));
    for (int64_t i = 0; i < count; ++i) {
      MiniModifier m;
      m.kind = static_cast<MiniModifier::Kind>(
          bounded(0, static_cast<int64_t>(MiniModifier::Kind::Tail)));
      int64_t args = bounded(0, 3);
      for (int64_t a = 0; a < args; ++a) {
        MiniPtr arg = node(depth + 1);
        if (!arg) fail();
        m.args.push_back(arg);
      }
      m.amount = rational();
      m.countOnly = bounded(0, 1);
      m.seed = static_cast<int>(bounded(0, 1 << 30));
      m.loc = loc();
      mods.push_back(std::move(m));
    }
    return mods;
  }
  PatternExprPtr expr(int depth = 0) {
    if (depth > 4000) fail();
    auto e = std::make_shared<PatternExpr>();
    e->kind = static_cast<PatternExpr::Kind>(bounded(0, 7));
    switch (e->kind) {
    case PatternExpr::Kind::Mini:
      e->mini = node();
      if (!e->mini) fail();
      e->text = text();
      e->context = static_cast<AtomContext>(bounded(0, 3));
      break;
    case PatternExpr::Kind::Number:
      e->number = real();
      if (bounded(0, 1)) e->exact = rational();
      break;
    case PatternExpr::Kind::Arithmetic:
    case PatternExpr::Kind::Set:
    case PatternExpr::Kind::Keep:
      e->op = static_cast<ArithOp>(bounded(0, static_cast<int64_t>(ArithOp::Pow)));
      e->structure = static_cast<Structure>(bounded(0, 3));
      e->lhs = expr(depth + 1);
      e->rhs = expr(depth + 1);
      break;
    case PatternExpr::Kind::Apply:
      e->function = function(depth + 1);
      e->lhs = expr(depth + 1);
      break;
    case PatternExpr::Kind::Control:
      e->control = text();
      e->lhs = expr(depth + 1);
      break;
    case PatternExpr::Kind::Generator: {
      e->generator = text();
      int64_t n = bounded(0, 1024);
      for (int64_t i = 0; i < n; ++i) e->items.push_back(expr(depth + 1));
      break;
    }
    }
    return e;
  }
  PatternFnPtr function(int depth) {
    if (depth > 4000) fail();
    auto f = std::make_shared<PatternFn>();
    f->kind = static_cast<PatternFn::Kind>(bounded(0, 2));
    switch (f->kind) {
    case PatternFn::Kind::Transform: {
      f->name = text();
      int64_t count = bounded(0, 16);
      for (int64_t i = 0; i < count; ++i) {
        PatternArg a;
        switch (bounded(1, 4)) {
        case 1:
          a.pattern = expr(depth + 1);
          break;
        case 4: {
          a.isPatterns = true;
          int64_t n = bounded(0, 1024);
          for (int64_t j = 0; j < n; ++j) a.patterns.push_back(expr(depth + 1));
          break;
        }
        case 2:
          a.function = function(depth + 1);
          break;
        default: {
          int64_t n = bounded(0, 1024);
          for (int64_t j = 0; j < n; ++j) a.functions.push_back(function(depth + 1));
        }
        }
        f->args.push_back(std::move(a));
      }
      break;
    }
    case PatternFn::Kind::Section:
      f->sectionKind = static_cast<uint8_t>(bounded(2, 4));
      f->op = static_cast<ArithOp>(bounded(0, static_cast<int64_t>(ArithOp::Pow)));
      f->structure = static_cast<Structure>(bounded(0, 3));
      f->operand = expr(depth + 1);
      f->operandOnLeft = bounded(0, 1);
      break;
    case PatternFn::Kind::Compose: {
      int64_t n = bounded(0, 1024);
      for (int64_t j = 0; j < n; ++j) f->steps.push_back(function(depth + 1));
      break;
    }
    }
    return f;
  }
  bool atEnd() const { return pos_ == in_.size(); }
  void expect(const char* magic) {
    size_t n = std::strlen(magic);
    if (in_.compare(pos_, n, magic) != 0) fail();
    pos_ += n;
  }

private:
  const std::string& in_;
  size_t pos_ = 0;
};

} // namespace

std::string serialize(const PatternProgram& program) {
  Writer w;
  w.out = kMagic;
  w.integer(kVersion);
  w.integer(program.start.num());
  w.integer(program.start.den());
  w.integer(static_cast<int64_t>(program.patterns.size()));
  for (const ProgramPattern& p : program.patterns) {
    w.expr(p.expr);
    w.integer(static_cast<int64_t>(p.conversion));
  }
  w.integer(static_cast<int64_t>(program.sounds.size()));
  for (const PatternExprPtr& sound : program.sounds) w.expr(sound);
  w.integer(static_cast<int64_t>(program.files.size()));
  for (const FileSlot& file : program.files) {
    w.text(file.name);
    w.integer(file.channels);
    w.real(file.seconds);
  }
  return w.out;
}

PatternProgram deserialize(const std::string& bytes) {
  PatternProgram program;
  if (bytes.empty()) return program;
  Reader r(bytes);
  r.expect(kMagic);
  if (r.integer() != kVersion)
    throw std::runtime_error("the pattern program is from another version of Phonon");
  int64_t startNum = r.integer();
  int64_t startDen = r.integer();
  if (startDen <= 0) Reader::fail();
  program.start = Rational(startNum, startDen);
  int64_t count = r.bounded(0, static_cast<int64_t>(bytes.size()));
  for (int64_t i = 0; i < count; ++i) {
    ProgramPattern p;
    p.expr = r.expr();
    p.conversion = static_cast<SignalConversion>(r.bounded(0, 3));
    program.patterns.push_back(std::move(p));
  }
  int64_t sounds = r.bounded(0, static_cast<int64_t>(bytes.size()));
  for (int64_t i = 0; i < sounds; ++i) program.sounds.push_back(r.expr());
  int64_t files = r.bounded(0, static_cast<int64_t>(bytes.size()));
  for (int64_t i = 0; i < files; ++i) {
    FileSlot file;
    file.name = r.text();
    file.channels = static_cast<uint32_t>(r.bounded(0, 2));
    double seconds = r.real();
    if (!std::isfinite(seconds) || (file.channels != 0) != (seconds > 0.0) || seconds < 0.0)
      Reader::fail();
    file.seconds = static_cast<float>(seconds);
    program.files.push_back(std::move(file));
  }
  if (!r.atEnd()) Reader::fail();
  return program;
}

namespace {

void miniWords(const MiniNode& node, std::vector<SoundAtom>& out) {
  if (node.kind == MiniNode::Kind::Atom) {
    if (node.isNumber || node.text.empty() || node.text[0] == '~') return;
    out.push_back({node.text.substr(0, node.text.find(':')), node.loc});
    return;
  }
  auto visit = [&](const MiniPtr& p) {
    if (p) miniWords(*p, out);
  };
  for (const MiniStep& step : node.steps) {
    visit(step.body);
    visit(step.rangeEnd);
    for (const MiniModifier& m : step.modifiers)
      if (m.kind == MiniModifier::Kind::Tail)
        continue; // `bd:3`'s index, not a sound
      else
        for (const MiniPtr& a : m.args) visit(a);
  }
  for (const MiniPtr& layer : node.layers) visit(layer);
}

void exprWords(const PatternExpr& e, std::vector<SoundAtom>& out);

void fnWords(const PatternFn& f, std::vector<SoundAtom>& out) {
  for (const PatternArg& a : f.args) {
    if (a.pattern) exprWords(*a.pattern, out);
    if (a.function) fnWords(*a.function, out);
    for (const PatternFnPtr& g : a.functions)
      if (g) fnWords(*g, out);
    for (const PatternExprPtr& p : a.patterns)
      if (p) exprWords(*p, out);
  }
  if (f.operand) exprWords(*f.operand, out);
  for (const PatternFnPtr& g : f.steps)
    if (g) fnWords(*g, out);
}

void exprWords(const PatternExpr& e, std::vector<SoundAtom>& out) {
  // Only the sound names: strings read as sounds under `s`/`sound` or bare, not `vowel "a"`.
  if (e.kind == PatternExpr::Kind::Mini && e.mini && e.context == AtomContext::Sound)
    miniWords(*e.mini, out);
  if (e.kind == PatternExpr::Kind::Control && e.control != "s" && e.control != "sound") return;
  if (e.lhs) exprWords(*e.lhs, out);
  if (e.rhs) exprWords(*e.rhs, out);
  if (e.function) fnWords(*e.function, out);
  for (const PatternExprPtr& p : e.items)
    if (p) exprWords(*p, out);
}

} // namespace

std::vector<SoundAtom> soundAtoms(const PatternExpr& sound) {
  std::vector<SoundAtom> atoms;
  exprWords(sound, atoms);
  return atoms;
}

std::vector<std::string> soundNames(const PatternExpr& sound) {
  std::vector<std::string> names;
  for (SoundAtom& a : soundAtoms(sound))
    if (std::find(names.begin(), names.end(), a.name) == names.end())
      names.push_back(std::move(a.name));
  return names;
}

} // namespace phonon::pattern
