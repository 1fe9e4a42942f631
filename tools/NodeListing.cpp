// The node catalogue as the user sees it: `phonon nodes` (text), `--json` and `--markdown`.
#include "NodeListing.h"

#include "phonon/pattern/Ops.h"
#include "phonon/support/Source.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <utility>

namespace phonon::tools {
namespace {

using nodes::NodeInfo;
using nodes::PortInfo;
using json = nlohmann::ordered_json;

/// The same number for JSON: the double whose shortest text is that of the float.
double jsonNumber(float value) {
  return std::strtod(shortestNumber(value).c_str(), nullptr);
}

bool bounded(const PortInfo& p) {
  return p.min <= p.max;
}

/// The catalogue's port flags by name, in the order of PortFlags.
constexpr std::pair<uint32_t, const char*> kPortFlagNames[] = {
    {nodes::PortSignal, "signal"},     {nodes::PortConstant, "constant"},
    {nodes::PortWords, "words"},       {nodes::PortBools, "bools"},
    {nodes::PortList, "list"},         {nodes::PortFile, "file"},
    {nodes::PortVariadic, "variadic"}, {nodes::PortLeadingOptional, "leading"},
    {nodes::PortInternal, "internal"}, {nodes::PortOutputFile, "output"},
    {nodes::PortPitch, "pitch"},       {nodes::PortEvents, "events"},
    {nodes::PortEventOnset, "onset"},  {nodes::PortEventActive, "active"},
};

/// What a row of the node table is.
const char* kindOf(const NodeInfo& n) {
  if (n.has(nodes::NodePatternFunction)) return "pattern function";
  return n.has(nodes::NodeOperator) ? "operator" : "node";
}

constexpr const char* groupName(nodes::Group group) {
  switch (group) {
  case nodes::Group::Oscillator:
    return "oscillator";
  case nodes::Group::Noise:
    return "noise";
  case nodes::Group::Filter:
    return "filter";
  case nodes::Group::Arithmetic:
    return "arithmetic";
  case nodes::Group::Pattern:
    return "pattern";
  case nodes::Group::Envelope:
    return "envelope";
  case nodes::Group::Effect:
    return "effect";
  case nodes::Group::Dynamics:
    return "dynamics";
  case nodes::Group::Spatial:
    return "spatial";
  case nodes::Group::Analysis:
    return "analysis";
  }
  return "?";
}

/// The plain listing: one line per callable node, its defaults as `%g` (render.test reads it).
std::string plainLine(const NodeInfo& n) {
  std::string line = n.name;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const PortInfo& p = n.ports[i];
    line += " ";
    line += p.name;
    if (p.flags & nodes::PortRequired) continue;
    if (p.defaultWord) {
      line += "=\"" + std::string(p.defaultWord) + "\"";
      continue;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "=%g", p.defaultValue);
    line += buf;
  }
  if (line.size() < 28) line.resize(28, ' ');
  line += ' ';
  line += n.doc;
  if (n.has(nodes::NodePatternFunction))
    line += " [pattern function: sema builds it]";
  else if (!n.hasKernel())
    line += " [not available yet: kernel not written]";
  if (n.numAliases) {
    line += " (aliases:";
    for (unsigned i = 0; i < n.numAliases; ++i) line += std::string(" ") + n.aliases[i];
    line += ")";
  }
  return line;
}

json portJson(const PortInfo& p) {
  json port;
  port["name"] = p.name;
  bool required = (p.flags & nodes::PortRequired) != 0;
  port["required"] = required;
  if (required)
    port["default"] = nullptr;
  else if (p.defaultWord)
    port["default"] = p.defaultWord;
  else
    port["default"] = jsonNumber(p.defaultValue);
  port["range"] = bounded(p) ? json::array({jsonNumber(p.min), jsonNumber(p.max)}) : json(nullptr);
  port["unit"] = nodes::unitName(p.flags);
  json flags = json::array();
  for (const auto& [flag, name] : kPortFlagNames)
    if (p.flags & flag) flags.push_back(name);
  port["flags"] = std::move(flags);
  port["doc"] = p.doc ? p.doc : "";
  return port;
}

json nodeJson(const NodeInfo& n) {
  json node;
  node["name"] = n.name;
  json aliases = json::array();
  for (unsigned i = 0; i < n.numAliases; ++i) aliases.push_back(n.aliases[i]);
  node["aliases"] = std::move(aliases);
  node["kind"] = kindOf(n);
  node["group"] = groupName(n.group);
  node["section"] = sectionOf(n.group);
  node["signature"] = signatureOf(n);
  node["doc"] = n.doc ? n.doc : "";
  node["kernel"] = n.hasKernel();
  node["operator"] = n.has(nodes::NodeOperator);
  node["input"] = n.has(nodes::NodeHasInput);
  node["stateful"] = n.has(nodes::NodeStateful);
  node["random"] = n.has(nodes::NodeRandom);
  node["outputs"] = n.numOutputs;
  node["stereo"] = n.has(nodes::NodeStereoOutput);
  node["latency"] = n.latency; // samples; a block node's block size (nodes/Block.h)
  json ports = json::array();
  for (unsigned i = 0; i < n.numPorts; ++i) ports.push_back(portJson(n.ports[i]));
  node["ports"] = std::move(ports);
  node["example"] = n.example ? json(n.example) : json(nullptr);
  node["example_sounds_like"] = n.exampleSoundsLike ? json(n.exampleSoundsLike) : json(nullptr);
  return node;
}

/// Text for a Markdown table cell: `|` would end the cell.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

/// The kernel column: written, not yet, or no kernel at all (a pattern function).
std::string kernelCell(const NodeInfo& n) {
  if (n.has(nodes::NodePatternFunction)) return "pattern function";
  if (!n.hasKernel()) return "not yet";
  if (!n.latency) return "written";
  return "written, latency " + std::to_string(n.latency) + " samples";
}

std::string nameCell(const NodeInfo& n) {
  std::string text = "`" + std::string(n.name) + "`";
  if (n.numAliases) {
    text += " (";
    for (unsigned i = 0; i < n.numAliases; ++i)
      text += std::string(i ? ", `" : "`") + n.aliases[i] + "`";
    text += ")";
  }
  return text;
}

/// The example column: each line of the program a code span, then what it sounds like.
std::string exampleCell(const NodeInfo& n) {
  if (!n.example) return "—";
  std::string text;
  for (std::string_view rest = n.example; !rest.empty();) {
    size_t end = rest.find('\n');
    text += (text.empty() ? "`" : "<br>`") + cell(rest.substr(0, end)) + "`";
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  if (n.exampleSoundsLike && *n.exampleSoundsLike) text += " — " + cell(n.exampleSoundsLike);
  return text;
}

constexpr const char* kMarkdownHeader = R"(# Nodes

<!-- Generated from the node catalogue by `phonon nodes --markdown`; do not edit by hand.
     Regenerate: build/tools/phonon nodes --markdown > docs/nodes.md -->

Every row of the node table (`nodes/NodeTable.def`), by section of LANGUAGE §7, with its
signature, what it does, whether its kernel is written, and an example program with what it
sounds like (`phonon nodes NAME` prints one node's full reference; every example renders, a test
checks it). A node whose kernel is not written
yet is known to sema (a program using it is checked in full) but code generation and the
interpreter refuse it. `phonon nodes --json` gives the same table for programs. The definitions
that count are those of LANGUAGE.md §7; this page is generated from the table by
`phonon nodes --markdown`, and a test fails when the two differ.

Signatures list the ports a program writes, in order: `name` is required, `name=1` optional
with its default, `name="saw"` a word default; `[lo,hi]` is the range values are clamped to;
`:Hz`, `:st`, `:s`, `:dB` and `:gain` are units (a pitch arriving at `:Hz` becomes Hz; semitones,
seconds, decibels, a linear factor); `:pitch` a pitch that bus voices transpose; `:signal` an
audio input passed unchanged; `:const` a compile-time number (`!` in LANGUAGE §7); `:words` and
`:bools` say how a string there is read; `:list` a list (`[1, 0.5]`); `:file` a file name;
`:variadic` repeats the last port; `:leading` is present only when every later port is given;
`:events` takes a pattern's events (each onset, value and end, equal successive values included),
not only its held value.
The pattern functions and controls that the §7 tables list (`s`, `run`, `scale` …) are rows of
the same table; sema builds them, they have no kernel. A block-based node (FFT, convolution)
gives its latency: its output (its wet part) is that many samples later than its input.

)";

} // namespace

std::string shortestNumber(float value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

namespace {

/// The section of LANGUAGE §7 that lists each group of nodes, and its title there.
struct Section {
  nodes::Group group;
  const char* number;
  const char* title;
};
constexpr Section kSections[] = {
    {nodes::Group::Oscillator, "7.1", "Oscillators and sources"},
    {nodes::Group::Noise, "7.1", "Oscillators and sources"},
    {nodes::Group::Pattern, "7.2", "Pattern-derived sources"},
    {nodes::Group::Filter, "7.3", "Filters"},
    {nodes::Group::Envelope, "7.4", "Envelopes and ramps"},
    {nodes::Group::Effect, "7.5", "Effects"},
    {nodes::Group::Dynamics, "7.6", "Dynamics"},
    {nodes::Group::Spatial, "7.7", "Spatial and stereo"},
    {nodes::Group::Arithmetic, "7.8", "Math and utility"},
    {nodes::Group::Analysis, "7.9", "Analysis"},
};

const Section& sectionFor(nodes::Group group) {
  for (const Section& s : kSections)
    if (s.group == group) return s;
  static const Section unknown{group, "?", "?"};
  return unknown;
}

} // namespace

const char* sectionOf(nodes::Group group) {
  return sectionFor(group).number;
}

const char* sectionTitle(nodes::Group group) {
  return sectionFor(group).title;
}

std::vector<const NodeInfo*> nodesInListingOrder() {
  std::vector<const NodeInfo*> order;
  for (const NodeInfo& n : nodes::table()) order.push_back(&n);
  // Sections compare as text: "7.1" … "7.9" (a "7.10" would need a numeric compare).
  std::stable_sort(order.begin(), order.end(), [](const NodeInfo* a, const NodeInfo* b) {
    int bySection = std::string_view(sectionOf(a->group)).compare(sectionOf(b->group));
    return bySection != 0 ? bySection < 0 : std::string_view(a->name) < std::string_view(b->name);
  });
  return order;
}

std::string signatureOf(const NodeInfo& n) {
  std::string text;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const PortInfo& p = n.ports[i];
    if (i) text += ' ';
    text += p.name;
    if (!(p.flags & nodes::PortRequired))
      text += p.defaultWord ? "=\"" + std::string(p.defaultWord) + "\""
                            : "=" + shortestNumber(p.defaultValue);
    if (bounded(p)) text += "[" + shortestNumber(p.min) + "," + shortestNumber(p.max) + "]";
    if (*nodes::unitName(p.flags)) text += std::string(":") + nodes::unitName(p.flags);
    for (const auto& [flag, name] : kPortFlagNames) {
      if (!(p.flags & flag) || flag == nodes::PortInternal) continue;
      text += ':';
      text += flag == nodes::PortConstant ? "const" : name;
    }
  }
  return text;
}

namespace {

/// What a program passes at a port, for the reference: the kind of value, `!` for a constant.
std::string portKind(const PortInfo& p) {
  std::string kind = p.flags & nodes::PortEvents                ? "events"
                     : p.flags & nodes::PortFile                ? "file"
                     : p.flags & nodes::PortList                ? "list"
                     : p.flags & nodes::PortSignal              ? "signal"
                     : p.flags & nodes::PortBools               ? "bools"
                     : (p.flags & nodes::PortWords) && !p.words ? "word"
                     : p.flags & nodes::PortConstant            ? "constant"
                                                                : "number";
  if (p.flags & nodes::PortConstant) kind += " !";
  if (p.flags & nodes::PortVariadic) kind += " ...";
  return kind;
}

/// The unit of a port spelled out (the JSON and the signatures abbreviate semitones to `st`).
std::string portUnit(const PortInfo& p) {
  std::string_view unit = nodes::unitName(p.flags);
  std::string text = unit == "st"     ? "semitones"
                     : unit == "gain" ? "linear gain"
                                      : std::string(unit);
  if (p.flags & nodes::PortPitch) text += " (pitch)";
  return text.empty() ? "-" : text;
}

std::string portDefault(const PortInfo& p) {
  if (p.flags & nodes::PortRequired) return "required";
  if (p.defaultWord) return "default \"" + std::string(p.defaultWord) + "\"";
  return "default " + shortestNumber(p.defaultValue);
}

std::string portRange(const PortInfo& p) {
  if (!bounded(p)) return "-";
  return "[" + shortestNumber(p.min) + ", " + shortestNumber(p.max) + "]";
}

/// The node's ports as LANGUAGE §7 writes them: `lpf in cutoff q=1`, `supersaw freq detune=0.3!
/// voices=7!`, `lush in [predelay=0.02] decay …`, `mix a b...`.
std::string programSignature(const NodeInfo& n, unsigned firstPort) {
  std::string text = n.name;
  for (unsigned i = firstPort; i < n.numUserPorts(); ++i) {
    const PortInfo& p = n.ports[i];
    std::string port = p.name;
    if (!(p.flags & nodes::PortRequired))
      port += p.defaultWord ? "=\"" + std::string(p.defaultWord) + "\""
                            : "=" + shortestNumber(p.defaultValue);
    if (p.flags & nodes::PortConstant) port += "!";
    if (p.flags & nodes::PortVariadic) port += "...";
    if (p.flags & nodes::PortLeadingOptional) port = "[" + port + "]";
    text += " " + port;
  }
  return text;
}

/// Rows of text in columns, each padded to its widest cell (the last column is not padded).
std::string columns(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string text;
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

const char* stateText(const NodeInfo& n) {
  if (n.has(nodes::NodeRandom))
    return "random: stateful, seeded per instance from its place in the program";
  if (n.has(nodes::NodeStateful)) return "stateful: each instance keeps its own state";
  return "pure: no state, the output depends only on the inputs";
}

std::string channelsText(const NodeInfo& n) {
  if (n.numOutputs == 2) return "pair: one state, two outputs (left and right)";
  std::string pair = n.pairRow
                         ? std::string(", run as `") + n.pairRow + "` (one state, both channels)"
                         : std::string();
  if (n.has(nodes::NodeStereoOutput)) return "stereo: the output is always a stereo pair" + pair;
  if (n.pairRow) return "mono; a stereo input gives stereo" + pair;
  if (n.has(nodes::NodeChannels))
    return "as the definition says: split-channels lowers it to per-channel rows";
  bool takesSignals = false;
  for (unsigned i = 0; i < n.numUserPorts(); ++i)
    takesSignals = takesSignals || (n.ports[i].flags & nodes::PortSignal);
  if (!takesSignals) return "mono";
  if (n.has(nodes::NodeStateful))
    return "mono; a stereo input runs once per channel, each with its own state, and gives stereo";
  return "mono; a stereo input gives stereo, each channel computed alike";
}

std::string kernelText(const NodeInfo& n) {
  if (n.has(nodes::NodePatternFunction)) return "none: a pattern function, sema builds it";
  if (n.has(nodes::NodeLoweredBySema))
    return "none of its own: sema writes other nodes in its place";
  if (n.has(nodes::NodeChannels)) return "per channel: the per-channel rows' kernels";
  if (!n.hasKernel())
    return "not available yet: sema checks a program that uses it, rendering refuses it";
  if (n.latency) return "written; latency " + std::to_string(n.latency) + " samples";
  return "written";
}

} // namespace

std::string nodeReference(const nodes::NodeInfo& n) {
  std::string text = std::string(n.name) + ": " + kindOf(n) + ", LANGUAGE §" + sectionOf(n.group) +
                     " " + sectionTitle(n.group) + " (group " + groupName(n.group) + ")\n";
  text += "  aliases: ";
  if (!n.numAliases) text += "none";
  for (unsigned i = 0; i < n.numAliases; ++i) text += std::string(i ? ", " : "") + n.aliases[i];
  text += "\n\nSIGNATURE\n";
  if (n.has(nodes::NodeOperator)) {
    text += "  operands: " + signatureOf(n) +
            "\n  not callable by name: sema writes it (an operator, a conditional effect or a "
            "per-channel part of a stereo node)\n";
  } else {
    text += "  " + programSignature(n, 0) + "\n";
    if (n.has(nodes::NodeHasInput))
      text += "  x # " + programSignature(n, 1) + "    -- in a chain, x is the input\n";
  }
  std::vector<std::vector<std::string>> ports;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const PortInfo& p = n.ports[i];
    std::string doc = p.doc ? p.doc : "";
    if (p.words) doc += std::string(doc.empty() ? "" : "; ") + "words: " + p.words;
    if (p.flags & nodes::PortLeadingOptional) doc += " (given only when every later port is)";
    ports.push_back({p.name, portKind(p), portUnit(p), portDefault(p), portRange(p), doc});
  }
  text += "\nPORTS\n";
  text += ports.empty() ? "  none\n" : columns(ports, "  ");
  text += "\nDEFINITION\n  " + std::string(n.doc) + "\n";
  if (n.has(nodes::NodePatternFunction))
    text += "  kernel:  " + kernelText(n) + "\n";
  else
    text += columns(
        {{"state:", stateText(n)}, {"channels:", channelsText(n)}, {"kernel:", kernelText(n)}},
        "  ");
  text += "\nEXAMPLE\n";
  if (!n.example) return text + "  none\n";
  for (std::string_view rest = n.example; !rest.empty();) {
    size_t end = rest.find('\n');
    text += "  " + std::string(rest.substr(0, end)) + "\n";
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  if (n.exampleSoundsLike && *n.exampleSoundsLike)
    text += "  -- " + std::string(n.exampleSoundsLike) + "\n";
  return text;
}

json nodesJson() {
  json list = json::array();
  for (const NodeInfo* n : nodesInListingOrder()) list.push_back(nodeJson(*n));
  return list;
}

std::string nodesMarkdown() {
  std::vector<const NodeInfo*> order = nodesInListingOrder();
  size_t callable = 0, written = 0, functions = 0, names = 0;
  for (const NodeInfo* n : order) {
    if (n->has(nodes::NodeOperator)) continue;
    names += 1 + n->numAliases;
    if (n->has(nodes::NodePatternFunction)) {
      ++functions;
      continue;
    }
    ++callable;
    written += n->hasKernel();
  }
  std::string md = kMarkdownHeader;
  md += std::to_string(callable) + " nodes, " + std::to_string(written) +
        " of them with kernels, and " + std::to_string(functions) +
        " pattern functions: " + std::to_string(names) +
        " names with the aliases.\nThe operators are listed apart at the end.\n";
  std::string section;
  for (const NodeInfo* n : order) {
    if (n->has(nodes::NodeOperator)) continue;
    if (section != sectionOf(n->group)) {
      section = sectionOf(n->group);
      md += std::string("\n## ") + section + " " + sectionTitle(n->group) + "\n\n";
      md += "| node (aliases) | signature | definition | kernel | example |\n";
      md += "| --- | --- | --- | --- | --- |\n";
    }
    std::string signature = signatureOf(*n);
    md += "| " + nameCell(*n) + " | " + (signature.empty() ? "—" : "`" + signature + "`") + " | " +
          cell(n->doc) + " | " + kernelCell(*n) + " | " + exampleCell(*n) + " |\n";
  }
  md += "\n## Operators\n\n"
        "Not callable by name: sema writes them for the operators of LANGUAGE §3.7 and the\n"
        "conditional effect forms of §3.6.\n\n"
        "| node | operands | definition | kernel | example |\n"
        "| --- | --- | --- | --- | --- |\n";
  for (const NodeInfo* n : order) {
    if (!n->has(nodes::NodeOperator)) continue;
    md += "| `" + std::string(n->name) + "` | `" + signatureOf(*n) + "` | " + cell(n->doc) + " | " +
          (n->hasKernel() ? "written" : "not yet") + " | " + exampleCell(*n) + " |\n";
  }
  return md;
}

namespace {

/// The row `name` names, or an error on stderr: a transform is not a node, a typo gets the
/// closest name.
const NodeInfo* rowNamed(std::string_view name) {
  if (const NodeInfo* n = nodes::findRow(name)) return n;
  std::cerr << "phonon: error: nodes: ";
  if (pattern::findOp(name)) {
    std::cerr << "`" << name << "` is a pattern transform (LANGUAGE §6), not a node\n";
    return nullptr;
  }
  std::cerr << "no node named `" << name << "`\n";
  std::vector<std::string> names;
  for (const NodeInfo& n : nodes::table()) {
    names.push_back(n.name);
    names.insert(names.end(), n.aliases, n.aliases + n.numAliases);
  }
  std::string suggestion = closestMatch(name, names);
  if (!suggestion.empty())
    std::cerr << "help: did you mean `" << suggestion << "`?\n";
  else
    std::cerr << "note: `phonon nodes` lists every node\n";
  return nullptr;
}

} // namespace

int runNodes(int argc, char** argv) {
  enum class Form { Text, Json, Markdown } form = Form::Text;
  std::vector<std::string_view> names;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--json") {
      form = Form::Json;
    } else if (arg == "--markdown") {
      form = Form::Markdown;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: phonon nodes [--json | --markdown]\n"
                   "       phonon nodes [--json] NAME...\n"
                   "  Lists the node catalogue: one line per node (default), every node as a\n"
                   "  JSON array (--json), or the Markdown of docs/nodes.md (--markdown).\n"
                   "  With NAMEs (nodes, aliases, pattern functions or operators), prints each\n"
                   "  one's reference: its section of LANGUAGE §7, the signature as a program\n"
                   "  writes it, one line per port (kind, unit, default, range), the definition,\n"
                   "  its state and channels, and an example program with what it sounds like;\n"
                   "  --json NAME gives that node's JSON object (the example included).\n";
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "phonon: error: nodes: unknown option '" << arg
                << "' (expected --json or --markdown)\n";
      return 1;
    } else {
      names.push_back(arg);
    }
  }
  if (!names.empty()) {
    if (form == Form::Markdown) {
      std::cerr << "phonon: error: nodes: --markdown lists the whole catalogue; it takes no "
                   "node name\n";
      return 1;
    }
    std::vector<const NodeInfo*> rows;
    for (std::string_view name : names) {
      const NodeInfo* n = rowNamed(name);
      if (!n) return 1;
      rows.push_back(n);
    }
    if (form == Form::Json) {
      json objects = json::array();
      for (const NodeInfo* n : rows) objects.push_back(nodeJson(*n));
      std::cout << (objects.size() == 1 ? objects[0] : objects).dump(2) << "\n";
      return 0;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) std::cout << "\n";
      if (names[i] != rows[i]->name)
        std::cout << "`" << names[i] << "` is an alias of `" << rows[i]->name << "`.\n\n";
      std::cout << nodeReference(*rows[i]);
    }
    return 0;
  }
  switch (form) {
  case Form::Json: {
    // One node per line: valid JSON that `grep` and FileCheck can read a node at a time.
    json list = nodesJson();
    std::cout << "[\n";
    for (size_t i = 0; i < list.size(); ++i)
      std::cout << list[i].dump() << (i + 1 < list.size() ? ",\n" : "\n");
    std::cout << "]\n";
    break;
  }
  case Form::Markdown:
    std::cout << nodesMarkdown();
    break;
  case Form::Text:
    // The nodes that run first, then those whose kernel is not written, then the pattern
    // functions; each in table order.
    for (int pass = 0; pass < 3; ++pass)
      for (const NodeInfo& n : nodes::table()) {
        int group = n.has(nodes::NodePatternFunction) ? 2 : n.hasKernel() ? 0 : 1;
        if (group == pass && !n.has(nodes::NodeOperator)) std::cout << plainLine(n) << "\n";
      }
    break;
  }
  return 0;
}

} // namespace phonon::tools
