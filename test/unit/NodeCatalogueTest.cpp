// The node table (nodes/NodeTable.def) against everything that must agree with it: the node
// tables of LANGUAGE §7 (every name and alias, section by section, pattern functions included),
// sema (every node and alias compiles with its required arguments, every pattern function
// resolves, every node name sema's sources spell is a row), the IR op table (one row per node,
// its ports the operands, none for a pattern function), and the listing (`phonon nodes --json`
// and docs/nodes.md name exactly the table's rows and names).
#include "TestSupport.h"

#include "NodeListing.h"

#include "phonon/ir/Ops.h"
#include "phonon/nodes/Catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace phonon::test {
namespace {

using nodes::NodeInfo;

/// One name of the first column of a §7 table, with the aliases in parentheses after it.
struct SpecNode {
  std::string name;
  std::set<std::string> aliases;
  std::string section;    ///< "7.3"
  std::string definition; ///< the row's last column
  std::string signature;  ///< the first code span of the signature column, if the table has one
};

bool isIdentifier(const std::string& word) {
  if (word.empty() || !(std::isalpha(static_cast<unsigned char>(word[0])) || word[0] == '_'))
    return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// The cells of a table row, split at the `|` that are not escaped.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

/// The rows of the tables of LANGUAGE §7.1 to §7.9. In a table with a signature column every
/// word of a code span in the first column is a node (`svf_lp svf_hp svf_bp svf_notch`); in
/// §7.8, whose first column is the signature, the first word is the node (and the `~add ~sub`
/// forms that follow it). Code spans in parentheses after a node are its aliases; parentheses
/// without code spans (`amp x` (in x)) are commentary.
std::vector<SpecNode> specNodes(const std::string& spec) {
  std::vector<SpecNode> out;
  size_t from = spec.find("\n## 7. ");
  size_t to = spec.find("\n### 7.10", from);
  if (from == std::string::npos || to == std::string::npos) return out;
  std::istringstream text(spec.substr(from, to - from));
  std::string section;
  bool signatureColumn = false;
  for (std::string line; std::getline(text, line);) {
    if (line.rfind("### 7.", 0) == 0) {
      section = line.substr(4, line.find(' ', 4) - 4);
      continue;
    }
    if (line.rfind("| ", 0) != 0 || line.rfind("| ---", 0) == 0) continue;
    std::vector<std::string> row = cells(line);
    if (row.size() < 2) continue;
    if (row[0].find('`') == std::string::npos) { // the header
      signatureColumn = row[1].find("signature") != std::string::npos;
      continue;
    }
    const std::string& first = row[0];
    std::vector<size_t> named; // the entries of this cell that aliases attach to
    int depth = 0;
    for (size_t i = 0; i < first.size(); ++i) {
      if (first[i] == '(') ++depth;
      if (first[i] == ')') depth = std::max(0, depth - 1);
      if (first[i] != '`') continue;
      size_t close = first.find('`', i + 1);
      if (close == std::string::npos) break;
      std::vector<std::string> span = words(first.substr(i + 1, close - i - 1));
      i = close;
      if (span.empty()) continue;
      if (depth > 0) {
        if (!named.empty()) out[named.back()].aliases.insert(span[0]);
        continue;
      }
      std::vector<std::string> names;
      if (signatureColumn) {
        names = span;
      } else {
        names.push_back(span[0]);
        for (size_t w = 1; w < span.size() && span[w][0] == '~'; ++w) names.push_back(span[w]);
      }
      std::string signature;
      if (signatureColumn && row.size() >= 3) {
        size_t open = row[1].find('`'), close = row[1].find('`', open + 1);
        if (open != std::string::npos && close != std::string::npos)
          signature = row[1].substr(open + 1, close - open - 1);
      }
      for (const std::string& n : names) {
        named.push_back(out.size());
        out.push_back(SpecNode{n, {}, section, row.back(), signature});
      }
    }
  }
  return out;
}

std::set<std::string> aliasesOf(const NodeInfo& n) {
  return std::set<std::string>(n.aliases, n.aliases + n.numAliases);
}

std::string join(const std::set<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : " ") + n;
  return "{" + text + "}";
}

TEST(NodeCatalogueTest, MatchesTheTablesOfLanguageSection7) {
  std::string spec = languageReference();
  if (spec.empty()) GTEST_SKIP() << "no ../shared/LANGUAGE.md beside the checkout";
  std::vector<SpecNode> specified = specNodes(spec);
  // The tables hold well over a hundred nodes; far fewer means they were not read.
  ASSERT_GT(specified.size(), 100u);

  std::set<std::string> inSpec;
  std::string problems;
  size_t nodesInSpec = 0, namesInSpec = 0;
  for (const SpecNode& s : specified) {
    if (!s.name.empty() && s.name[0] == '~') {
      // `~add a b`: the function form of an operator (§3.7), an operator node of that name.
      const NodeInfo* op = nodes::findNodeExact(s.name.substr(1));
      if (!op || !op->has(nodes::NodeOperator))
        problems += "\n  " + s.name + ": no operator node `" + s.name.substr(1) + "`";
      else
        inSpec.insert(op->name);
      continue;
    }
    if (!isIdentifier(s.name)) continue; // `+ - * / %`
    ++namesInSpec;
    namesInSpec += s.aliases.size();
    // A row of the table by its own name (a node, or a pattern function sema builds).
    const NodeInfo* n = nodes::findRow(s.name);
    if (!n || s.name != n->name) {
      problems += "\n  " + s.name + " (§" + s.section + "): not a row of nodes/NodeTable.def";
      continue;
    }
    if (!n->has(nodes::NodePatternFunction)) ++nodesInSpec;
    inSpec.insert(n->name);
    if (aliasesOf(*n) != s.aliases)
      problems += "\n  " + s.name + ": aliases " + join(aliasesOf(*n)) + " in the catalogue, " +
                  join(s.aliases) + " in §" + s.section;
    if (tools::sectionOf(n->group) != s.section)
      problems += "\n  " + s.name + ": group of §" + tools::sectionOf(n->group) +
                  " in the catalogue, listed in §" + s.section;
  }
  size_t namesInTable = 0;
  for (const NodeInfo& n : nodes::table()) {
    if (n.has(nodes::NodeOperator)) continue;
    namesInTable += 1 + n.numAliases;
    if (!inSpec.count(n.name))
      problems += "\n  " + std::string(n.name) + ": in the table, not in LANGUAGE §7";
  }
  EXPECT_EQ(problems, "") << "the node table (nodes/NodeTable.def) and LANGUAGE §7 disagree";
  // Every name of the §7 tables, aliases included, counted on both sides: 138 nodes, their 27
  // aliases and 25 pattern-function names (`s` `sound` `n` `note` `scale` `chord` `range` and
  // the 18 of §7.2's last row) when this was written.
  EXPECT_EQ(namesInTable, namesInSpec);
  // Every node of the spec, and the operators the catalogue adds (`%`, the conditional
  // effects' `switch`): the whole catalogue.
  size_t operators = std::count_if(nodes::catalogue().begin(), nodes::catalogue().end(),
                                   [](const NodeInfo& n) { return n.has(nodes::NodeOperator); });
  EXPECT_EQ(nodesInSpec + operators, nodes::catalogue().size());
}

/// A signature of §7 in the catalogue's terms, one port per token: `name`, `name=default`
/// (a number or a quoted word), `!` for a constant, `[name=default]` for the leading optional
/// port; ranges (`[0,1]`), `—` and remarks (`even`) are not ports.
std::string specSignature(const std::string& signature) {
  static const std::regex port(R"re(\[?([A-Za-z_][A-Za-z0-9_]*)(=("[^"]*"|-?[0-9.]+))?(!)?\]?)re");
  std::string text;
  for (const std::string& token : words(signature)) {
    std::smatch m;
    if (!std::regex_match(token, m, port) || token == "even") continue;
    text += (text.empty() ? "" : " ") + m[1].str();
    if (m[2].matched) {
      std::string def = m[3].str();
      text +=
          "=" + (def[0] == '"' ? def : tools::shortestNumber(std::strtof(def.c_str(), nullptr)));
    }
    if (m[4].matched) text += "!";
  }
  return text;
}

/// The catalogue's ports in the same terms. A list port is always a constant (sema reads a list
/// at compile time, and `segments` checks its counts there), and §7 writes its `!` on
/// `additive`'s `amps!` but not on `segments`' `levels times`: `listConstants` false leaves it
/// out.
std::string catalogueSignature(const NodeInfo& n, bool listConstants = true) {
  std::string text;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const nodes::PortInfo& p = n.ports[i];
    text += (text.empty() ? "" : " ") + std::string(p.name);
    if (!(p.flags & nodes::PortRequired))
      text += "=" + (p.defaultWord ? "\"" + std::string(p.defaultWord) + "\""
                                   : tools::shortestNumber(p.defaultValue));
    if ((p.flags & nodes::PortConstant) && (listConstants || !(p.flags & nodes::PortList)))
      text += "!";
  }
  return text;
}

TEST(NodeCatalogueTest, PortsAndDefaultsMatchTheSignaturesOfSection7) {
  std::string spec = languageReference();
  if (spec.empty()) GTEST_SKIP() << "no ../shared/LANGUAGE.md beside the checkout";
  std::string problems;
  size_t compared = 0;
  for (const SpecNode& s : specNodes(spec)) {
    const NodeInfo* n = nodes::findNodeExact(s.name);
    if (!n || s.signature.empty() || n->has(nodes::NodeOperator)) continue;
    ++compared;
    std::string expected = specSignature(s.signature), actual = catalogueSignature(*n);
    if (expected != actual && expected == catalogueSignature(*n, false)) actual = expected;
    if (expected != actual)
      problems += "\n  " + s.name + ": `" + actual + "` in the catalogue, `" + expected + "` in §" +
                  s.section;
  }
  EXPECT_EQ(problems, "") << "port names, defaults and constants that differ";
  // Every node but those of §7.8, whose table has no signature column.
  EXPECT_GT(compared, 100u);
}

TEST(NodeCatalogueTest, TheSpecParserReadsNamesAliasesAndSections) {
  // A table of each shape, as LANGUAGE §7 writes them.
  std::vector<SpecNode> found = specNodes("\n## 7. Node catalogue\n\n### 7.3 Filters\n\n"
                                          "| node (aliases) | signature | definition |\n"
                                          "| --- | --- | --- |\n"
                                          "| `lpf`, `hpf` | `in cutoff` | SVF |\n"
                                          "| `moog` (`moog_hz`, `ladder`) | `in` | a \\| b |\n"
                                          "| `bq_lp bq_hp` | `in` | RBJ |\n\n"
                                          "### 7.8 Math\n\n| node | definition |\n| --- | --- |\n"
                                          "| `+ -`, `~add ~sub a b` | §3.7 |\n"
                                          "| `amp x` (in x) | in × x |\n"
                                          "\n### 7.10 Reserved\n| `vst` | x |\n");
  std::string text;
  for (const SpecNode& s : found) text += s.section + ":" + s.name + join(s.aliases) + " ";
  EXPECT_EQ(text, "7.3:lpf{} 7.3:hpf{} 7.3:moog{ladder moog_hz} 7.3:bq_lp{} 7.3:bq_hp{} 7.8:+{} "
                  "7.8:~add{} 7.8:~sub{} 7.8:amp{} ");
  EXPECT_EQ(found[0].signature, "in cutoff");
  EXPECT_EQ(found[5].signature, "");
  // Signatures: ranges and remarks are not ports.
  EXPECT_EQ(specSignature("in [predelay=0.02] decay mix=0.5"), "in predelay=0.02 decay mix=0.5");
  EXPECT_EQ(specSignature("freq detune=0.30! voices=7! [1,7]"), "freq detune=0.3! voices=7!");
  EXPECT_EQ(specSignature("in stages=4! [2,12] even wave=\"saw\" lo=-1"),
            "in stages=4! wave=\"saw\" lo=-1");
  EXPECT_EQ(specSignature("—"), "");
  EXPECT_EQ(catalogueSignature(*nodes::findNodeExact("lpf")), "in cutoff q=1");
}

/// A source expression for port `p` that sema accepts: a signal for audio inputs, the kind of
/// string or list the port reads, a constant, or a plain number.
std::string argumentFor(const nodes::PortInfo& p) {
  std::string name = p.name;
  // `x` too: `quantize 0.5 0.5` is folded into a pattern (§7.8), `quantize 0.5 (saw 110)` is
  // the node.
  if ((p.flags & nodes::PortSignal) || name == "x") return "(saw 110)";
  if (p.flags & nodes::PortBools) return "\"t f t t\"";
  if (name == "file") return "\"probe.wav\"";
  if (p.flags & nodes::PortWords) return "\"a\"";
  if (name == "levels") return "[0, 1, 0]"; // one level more than times (§7.4 segments)
  if (p.flags & nodes::PortList) return "[0.5, 0.25]";
  if (p.flags & nodes::PortConstant) return "2";
  if (p.flags & nodes::PortHz) return "220";
  return "0.5";
}

/// `gain` and `pan` are controls too: with one argument they build the control pattern
/// (LANGUAGE §8.3), so their node form is called with its optional port as well.
const std::set<std::string> kControlsToo = {"gain", "pan"};

/// `out: NAME args…`: every required port a program writes (`all`: every port, the optional
/// ones at their defaults, and a variadic port twice); empty when a default cannot be written
/// as an argument.
std::string callOf(const NodeInfo& n, const std::string& name, bool all) {
  std::string call = name;
  unsigned given = 0;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const nodes::PortInfo& p = n.ports[i];
    bool required = p.flags & nodes::PortRequired;
    if (!required && !all && !(kControlsToo.count(n.name) && given == 1)) continue;
    if (required)
      call += " " + argumentFor(p);
    else if (p.defaultWord && !*p.defaultWord)
      return ""; // `convolve`'s `ir=""`: no word
    else if (p.defaultWord)
      call += " \"" + std::string(p.defaultWord) + "\"";
    else
      call += " (" + tools::shortestNumber(p.defaultValue) + ")";
    ++given;
  }
  // A variadic node's last port once more (`mix a b b2`).
  if (all && n.variadic()) call += " " + argumentFor(n.ports[n.numUserPorts() - 1]);
  return "out: " + call + " * 0.1\n";
}

/// Whether the IR holds an instruction of node `n`, or of the node sema writes for it:
/// `gain in g` is in × g, a `mul` (LANGUAGE §7.7).
bool usesNode(const ir::Module& m, const NodeInfo& n) {
  // `synth` and the `*_trig` sources are sound patterns, played as voices.
  const std::set<std::string> voices{"synth", "sine_trig", "saw_trig", "square_trig", "tri_trig"};
  if (voices.count(n.name))
    return std::any_of(m.instrs.begin(), m.instrs.end(),
                       [](const ir::Instr& in) { return in.op == ir::Opcode::Voices; });
  // `mix a b …` of mono signals is the IR's n-ary sum.
  if (std::string(n.name) == "mix")
    return std::any_of(m.instrs.begin(), m.instrs.end(),
                       [](const ir::Instr& in) { return in.op == ir::Opcode::Sum; });
  // `select i s0 s1 …` is its chain of `if` (none when it chooses among one signal: s0 itself).
  if (std::string(n.name) == "select") {
    size_t ifs = std::count_if(m.instrs.begin(), m.instrs.end(), [](const ir::Instr& in) {
      return in.node && std::string_view(in.node->name) == "if";
    });
    size_t saws = std::count_if(m.instrs.begin(), m.instrs.end(), [](const ir::Instr& in) {
      return in.node && std::string_view(in.node->name) == "saw";
    });
    return saws > 0 && ifs + 1 == saws;
  }
  const NodeInfo* lowered = std::string(n.name) == "gain" ? nodes::findNodeExact("mul") : &n;
  return std::any_of(m.instrs.begin(), m.instrs.end(),
                     [&](const ir::Instr& in) { return in.node == lowered; });
}

TEST(NodeCatalogueTest, EveryNodeAndAliasCompilesInSema) {
  std::string problems;
  size_t names = 0, calls = 0;
  for (const NodeInfo& n : nodes::catalogue()) {
    if (n.has(nodes::NodeOperator)) continue;
    std::vector<std::string> spellings{n.name};
    for (unsigned i = 0; i < n.numAliases; ++i) spellings.push_back(n.aliases[i]);
    for (const std::string& spelling : spellings) {
      ++names;
      for (bool all : {false, true}) {
        std::string source = callOf(n, spelling, all);
        if (source.empty()) continue;
        ++calls;
        auto c = compileText(source);
        if (!c->module || c->diagnostics.find("error:") != std::string::npos)
          problems += "\n" + source + c->diagnostics;
        else if (!usesNode(*c->module, n))
          problems += "\n" + source + "  compiles without a `" + n.name + "` instruction";
      }
    }
  }
  EXPECT_EQ(problems, "");
  // Every callable name (nodes and aliases), each called twice but for `convolve`.
  EXPECT_GT(names, nodes::catalogue().size());
  EXPECT_GE(calls, 2 * names - 2);
}

TEST(NodeCatalogueTest, EveryNodeHasItsOpRow) {
  for (const NodeInfo& n : nodes::table()) {
    if (n.has(nodes::NodePatternFunction)) {
      // Not an IR instruction: no op row, and no structural op of that name either.
      EXPECT_EQ(ir::findOpDef(n.name), nullptr) << n.name;
      continue;
    }
    const ir::OpDef* row = ir::findOpDef(n.name);
    ASSERT_NE(row, nullptr) << n.name;
    EXPECT_EQ(row->node, &n) << n.name;
    EXPECT_EQ(row->name, n.name);
    EXPECT_EQ(row->operandSyntax, ir::OperandSyntax::Named) << n.name;
    EXPECT_EQ(row->numOperands, n.numPorts) << n.name;
    EXPECT_EQ(row->stateful(), n.has(nodes::NodeStateful)) << n.name;
  }
}

// The JIT's baseline tier calls the node functions this process has natively by the names the
// bitcode gives them (codegen CodegenOptions::baseline): each name a row has finds its own.
TEST(NodeCatalogueTest, EveryKernelSymbolFindsItsNativeFunction) {
  size_t found = 0;
  for (const NodeInfo& n : nodes::catalogue()) {
    for (const nodes::KernelFunction& f : nodes::kernelFunctions(n)) {
      if (!f.symbol) continue;
      ASSERT_NE(f.address, nullptr) << f.symbol;
      EXPECT_EQ(nodes::nativeFunction(f.symbol), f.address) << f.symbol;
      ++found;
    }
    EXPECT_EQ(n.edgeSymbol != nullptr, n.edge != nullptr) << n.name;
    EXPECT_EQ(n.smoothSymbol != nullptr, n.smooth != nullptr) << n.name;
  }
  EXPECT_GT(found, 300u);
  EXPECT_NE(nodes::nativeFunction(nodes::kRingAlignSymbol), nullptr);
  EXPECT_NE(nodes::nativeFunction("phn_saw_edge"), nullptr);
  EXPECT_EQ(nodes::nativeFunction("phn_no_such_tick"), nullptr);
  EXPECT_EQ(nodes::nativeFunction("memcpy"), nullptr);
}

TEST(NodeCatalogueTest, TheListingNamesExactlyTheTable) {
  std::multiset<std::string> rows, listed, rowNames, listedNames;
  for (const NodeInfo& n : nodes::table()) {
    rows.insert(n.name);
    if (n.has(nodes::NodeOperator)) continue;
    rowNames.insert(n.name);
    rowNames.insert(n.aliases, n.aliases + n.numAliases);
  }
  nlohmann::ordered_json json = tools::nodesJson();
  for (const auto& node : json) {
    listed.insert(node.at("name").get<std::string>());
    if (node.at("kind") == "operator") continue;
    listedNames.insert(node.at("name").get<std::string>());
    for (const auto& alias : node.at("aliases")) listedNames.insert(alias.get<std::string>());
  }
  EXPECT_EQ(listed, rows) << "`phonon nodes --json` and the table";
  EXPECT_EQ(listedNames, rowNames) << "the names `phonon nodes --json` lists and the table's";
  // Each entry says what its row says.
  for (const auto& node : json) {
    const NodeInfo* n = nodes::findRow(node.at("name").get<std::string>());
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(node.at("kernel").get<bool>(), n->hasKernel()) << n->name;
    EXPECT_EQ(node.at("kind") == "pattern function", n->has(nodes::NodePatternFunction));
    EXPECT_EQ(node.at("kind") == "operator", n->has(nodes::NodeOperator)) << n->name;
    EXPECT_EQ(node.at("stereo").get<bool>(), n->has(nodes::NodeStereoOutput)) << n->name;
    ASSERT_EQ(node.at("ports").size(), n->numPorts) << n->name;
    for (unsigned i = 0; i < n->numPorts; ++i)
      EXPECT_EQ(node.at("ports")[i].at("unit"), nodes::unitName(n->ports[i].flags)) << n->name;
    EXPECT_EQ(node.at("aliases").size(), n->numAliases) << n->name;
  }
  // docs/nodes.md has a row for every row of the table, and the committed file is exactly what
  // the table generates (the docs-nodes-md test checks the same from the build).
  std::string markdown = tools::nodesMarkdown();
  for (const NodeInfo& n : nodes::table())
    EXPECT_NE(markdown.find("\n| `" + std::string(n.name) + "`"), std::string::npos) << n.name;
  std::ifstream committed(std::string(PHONON_SOURCE_DIR) + "/docs/nodes.md");
  ASSERT_TRUE(committed) << "docs/nodes.md";
  std::ostringstream text;
  text << committed.rdbuf();
  EXPECT_TRUE(text.str() == markdown)
      << "docs/nodes.md is not what the table generates: build/tools/phonon nodes --markdown > "
         "docs/nodes.md";
}

TEST(NodeCatalogueTest, TheCatalogueIsTheTableLessItsPatternFunctions) {
  // catalogue() is the first rows of table(), every node and operator and nothing else.
  std::span<const NodeInfo> rows = nodes::table(), nodes = nodes::catalogue();
  ASSERT_LE(nodes.size(), rows.size());
  EXPECT_EQ(nodes.data(), rows.data());
  for (const NodeInfo& n : rows) {
    bool function = n.has(nodes::NodePatternFunction);
    EXPECT_EQ(function, &n >= nodes.data() + nodes.size()) << n.name;
    // A pattern function is no node: sema never makes an IR node of it.
    EXPECT_EQ(nodes::findNode(n.name) == nullptr, function) << n.name;
    EXPECT_FALSE(function && n.hasKernel()) << n.name;
    // Derived, not written: the input flag and each port's unit.
    bool input = n.numPorts && std::string(n.ports[0].name) == "in";
    EXPECT_EQ(n.has(nodes::NodeHasInput), input) << n.name;
    for (unsigned i = 0; i < n.numPorts; ++i)
      EXPECT_STREQ(n.ports[i].unit, nodes::unitName(n.ports[i].flags)) << n.name;
  }
  // Units are flags: a pitch port is a Hz port.
  const NodeInfo* sine = nodes::findNode("sine");
  EXPECT_TRUE(sine->ports[0].flags & nodes::PortPitch);
  EXPECT_TRUE(sine->ports[0].flags & nodes::PortHz);
  EXPECT_TRUE(sine->ports[1].flags & nodes::PortSemitones);
  EXPECT_TRUE(nodes::findNode("delay")->ports[1].flags & nodes::PortSeconds);
  EXPECT_TRUE(nodes::findNode("pan2")->has(nodes::NodeStereoOutput));
  EXPECT_FALSE(nodes::findNode("lpf")->has(nodes::NodeStereoOutput));
  EXPECT_EQ(nodes::findRow("sound"), nodes::findRow("s"));
}

TEST(NodeCatalogueTest, SemaResolvesEveryPatternFunctionOfTheTable) {
  // A pattern function of the table that sema does not know would be an unknown function.
  std::string problems;
  size_t names = 0;
  for (const NodeInfo& n : nodes::table()) {
    if (!n.has(nodes::NodePatternFunction)) continue;
    std::vector<std::string> spellings{n.name};
    spellings.insert(spellings.end(), n.aliases, n.aliases + n.numAliases);
    for (const std::string& name : spellings) {
      ++names;
      auto c = compileText("out: " + name + "\n");
      if (c->diagnostics.find("unknown function `" + name + "`") != std::string::npos)
        problems += "\n  " + name + ": " + c->diagnostics;
    }
  }
  EXPECT_EQ(problems, "") << "rows of nodes/NodeTable.def that sema does not resolve";
  EXPECT_GT(names, 20u);
  // And the check can fail: a name that is no row is unknown.
  EXPECT_NE(compileText("out: runn\n")->diagnostics.find("unknown function `runn`"),
            std::string::npos);
}

TEST(NodeCatalogueTest, EveryNodeNameInTheSourcesIsARow) {
  // Sema and the passes write some nodes by name (`mono` for a stereo parameter, `switch`,
  // `mul`); each such name must be a node of the table, not a string that drifted from it.
  const std::regex call(R"re((findNode|findNodeExact|unaryNode)\("([A-Za-z_0-9]+)")re");
  std::string problems;
  size_t found = 0;
  for (const char* dir : {"frontend", "passes", "ir", "interp", "codegen"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(PHONON_SOURCE_DIR) + "/" + dir)) {
      if (entry.path().extension() != ".cpp") continue;
      std::ifstream in(entry.path());
      std::ostringstream text;
      text << in.rdbuf();
      std::string source = text.str();
      for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it) {
        ++found;
        if (!nodes::findNode((*it)[2].str()))
          problems += "\n  " + entry.path().filename().string() + ": `" + (*it)[2].str() + "`";
      }
    }
  }
  EXPECT_EQ(problems, "") << "node names in the sources that are not rows of the table";
  EXPECT_GE(found, 4u); // mono, switch, tanh, clip, mul when this was written
}

} // namespace
} // namespace phonon::test
