#include "phonon/pattern/Value.h"

#include <charconv>
#include <cmath>

namespace phonon::pattern {

Value Value::exact(Rational r) {
  Value v(r.toDouble());
  v.hasExact_ = true;
  v.exact_ = r;
  return v;
}

Value Value::pitch(double midi) {
  Value v(midi);
  v.pitch_ = true;
  return v;
}

Value Value::word(std::string w) {
  Value v;
  v.kind_ = Kind::Word;
  v.word_ = std::move(w);
  return v;
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}

Value Value::list(ValueList items) {
  Value v;
  v.kind_ = Kind::List;
  v.list_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::map(ControlMap controls) {
  Value v;
  v.kind_ = Kind::Map;
  v.map_ = std::make_shared<const ControlMap>(std::move(controls));
  return v;
}

double Value::asNumber() const {
  switch (kind_) {
  case Kind::Number:
    return num_;
  case Kind::Bool:
    return bool_ ? 1.0 : 0.0;
  case Kind::Word:
    if (auto midi = noteNameToMidi(word_)) return *midi;
    throw ValueError("`" + word_ + "` is not a number");
  default:
    throw ValueError(toString() + " is not a number");
  }
}

Rational Value::asTime() const {
  if (kind_ == Kind::Number && hasExact_) return exact_;
  double n = asNumber();
  if (!std::isfinite(n)) throw ValueError("a time must be a finite number");
  try {
    return Rational::fromDouble(n);
  } catch (const RationalOverflow&) {
    throw ValueError("the time " + toString() + " cannot be represented exactly");
  }
}

int64_t Value::asInt() const {
  double n = std::floor(asNumber());
  if (!(n > -9.2e18 && n < 9.2e18)) throw ValueError(toString() + " is out of range");
  return static_cast<int64_t>(n);
}

const std::string& Value::asWord() const {
  if (kind_ != Kind::Word) throw ValueError(toString() + " is not a word");
  return word_;
}

const ValueList& Value::asList() const {
  if (kind_ != Kind::List) throw ValueError(toString() + " is not a list");
  return *list_;
}

const ControlMap& Value::asMap() const {
  if (kind_ != Kind::Map) throw ValueError(toString() + " is not a control map");
  return *map_;
}

bool Value::truthy() const {
  switch (kind_) {
  case Kind::Bool:
    return bool_;
  case Kind::Number:
    return num_ != 0.0;
  case Kind::Word:
    if (word_ == "t" || word_ == "true" || word_ == "x") return true;
    if (word_ == "f" || word_ == "false") return false;
    throw ValueError("`" + word_ + "` is not a boolean (true, t, x, 1 or false, f, 0)");
  default:
    throw ValueError(toString() + " is not a boolean");
  }
}

namespace {

std::string formatNumber(double d) {
  if (std::isnan(d)) return "null";
  if (std::isinf(d)) return d > 0 ? "1e999" : "-1e999";
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
    return std::string(buf, end);
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

int kindRank(Value::Kind k) {
  return static_cast<int>(k);
}

} // namespace

std::string Value::toJson() const {
  switch (kind_) {
  case Kind::Number:
    return formatNumber(num_);
  case Kind::Word:
    return jsonString(word_);
  case Kind::Bool:
    return bool_ ? "true" : "false";
  case Kind::List: {
    std::string out = "[";
    for (size_t i = 0; i < list_->size(); ++i) out += (i ? "," : "") + (*list_)[i].toJson();
    return out + "]";
  }
  case Kind::Map: {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : *map_) {
      out += (first ? "" : ",") + jsonString(k) + ":" + v.toJson();
      first = false;
    }
    return out + "}";
  }
  }
  return "null";
}

std::string Value::toString() const {
  switch (kind_) {
  case Kind::Number:
    return formatNumber(num_);
  case Kind::Word:
    return word_;
  case Kind::Bool:
    return bool_ ? "true" : "false";
  case Kind::List: {
    std::string out = "[";
    for (size_t i = 0; i < list_->size(); ++i) out += (i ? ", " : "") + (*list_)[i].toString();
    return out + "]";
  }
  case Kind::Map: {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : *map_) {
      out += (first ? "" : ", ") + k + ": " + v.toString();
      first = false;
    }
    return out + "}";
  }
  }
  return "?";
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
  case Value::Kind::Number:
    return a.num_ == b.num_;
  case Value::Kind::Word:
    return a.word_ == b.word_;
  case Value::Kind::Bool:
    return a.bool_ == b.bool_;
  case Value::Kind::List:
    return *a.list_ == *b.list_;
  case Value::Kind::Map:
    return *a.map_ == *b.map_;
  }
  return false;
}

bool operator<(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return kindRank(a.kind_) < kindRank(b.kind_);
  switch (a.kind_) {
  case Value::Kind::Number:
    return a.num_ < b.num_;
  case Value::Kind::Word:
    return a.word_ < b.word_;
  case Value::Kind::Bool:
    return a.bool_ < b.bool_;
  case Value::Kind::List:
    return *a.list_ < *b.list_;
  case Value::Kind::Map:
    return *a.map_ < *b.map_;
  }
  return false;
}

namespace {

double applyNumbers(ArithOp op, double x, double y) {
  switch (op) {
  case ArithOp::Add:
    return x + y;
  case ArithOp::Sub:
    return x - y;
  case ArithOp::Mul:
    return x * y;
  case ArithOp::Div:
    return x / y;
  case ArithOp::Mod: {
    // Floored modulo: the result has the sign of the divisor (LANGUAGE §3.7).
    double r = std::fmod(x, y);
    return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
  }
  case ArithOp::Pow:
    return std::pow(x, y);
  }
  return 0;
}

const char* opName(ArithOp op) {
  switch (op) {
  case ArithOp::Add:
    return "+";
  case ArithOp::Sub:
    return "-";
  case ArithOp::Mul:
    return "*";
  case ArithOp::Div:
    return "/";
  case ArithOp::Mod:
    return "%";
  case ArithOp::Pow:
    return "**";
  }
  return "?";
}

} // namespace

Value numberOfControls(const Value& map) {
  const ControlMap& m = map.asMap();
  if (auto note = m.find("note"); note != m.end())
    return Value::pitch(60.0 + note->second.asNumber());
  if (auto n = m.find("n"); n != m.end()) return n->second;
  throw ValueError("a control pattern without `note` or `n` has no number to give");
}

Value arithmetic(ArithOp op, const Value& a, const Value& b) {
  if (a.isMap() || b.isMap()) {
    if (!a.isMap()) return arithmetic(op, a, numberOfControls(b));
    if (!b.isMap()) return arithmetic(op, numberOfControls(a), b);
    ControlMap out = a.asMap();
    for (const auto& [k, v] : b.asMap()) {
      auto it = out.find(k);
      if (it == out.end())
        out.emplace(k, v);
      else
        it->second = arithmetic(op, it->second, v);
    }
    return Value::map(std::move(out));
  }
  if (a.isWord() || b.isWord() || a.isList() || b.isList()) {
    if (op == ArithOp::Add && a.isWord() && b.isWord()) return Value::word(a.asWord() + b.asWord());
    throw ValueError(std::string("`") + opName(op) + "` cannot combine " + a.toString() + " and " +
                     b.toString());
  }
  double r = applyNumbers(op, a.asNumber(), b.asNumber());
  // A pitch ± a plain number stays a pitch; every other result is a plain number.
  if ((op == ArithOp::Add && a.isPitch() != b.isPitch()) ||
      (op == ArithOp::Sub && a.isPitch() && !b.isPitch()))
    return Value::pitch(r);
  return Value(r);
}

std::optional<int> noteNameToMidi(const std::string& name) {
  if (name.empty()) return std::nullopt;
  static const int classes[] = {9, 11, 0, 2, 4, 5, 7}; // a b c d e f g
  char letter = static_cast<char>(name[0] | 0x20);
  if (letter < 'a' || letter > 'g') return std::nullopt;
  int pc = classes[letter - 'a'];
  size_t i = 1;
  int accidental = 0;
  for (; i < name.size(); ++i) {
    char c = name[i];
    if (c == '#' || c == 's')
      ++accidental;
    else if (c == 'b' || c == 'f')
      --accidental;
    else
      break;
  }
  int octave = 4;
  if (i < name.size()) {
    size_t j = i;
    bool negative = name[j] == '-';
    if (negative) ++j;
    if (j >= name.size()) return std::nullopt;
    int o = 0;
    for (; j < name.size(); ++j) {
      if (name[j] < '0' || name[j] > '9' || o > 1000) return std::nullopt;
      o = o * 10 + (name[j] - '0');
    }
    octave = negative ? -o : o;
  }
  return 12 * (octave + 1) + pc + accidental;
}

} // namespace phonon::pattern
