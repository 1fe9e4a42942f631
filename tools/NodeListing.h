// `phonon nodes`: the node catalogue as text, JSON (`--json`) or the Markdown of docs/nodes.md
// (`--markdown`), and one node's reference (`phonon nodes NAME`). Every form is derived from
// nodes::table() (nodes/NodeTable.def) and nothing else, so none of them can drift from what sema,
// the IR and the engines use.
#pragma once

#include "phonon/nodes/Catalogue.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace phonon::tools {

/// Every row of the node table (nodes, operators, pattern functions) in listing order: by
/// LANGUAGE §7 section, then by name.
std::vector<const nodes::NodeInfo*> nodesInListingOrder();

/// The LANGUAGE §7 section of a group ("7.1") and its title.
const char* sectionOf(nodes::Group group);
const char* sectionTitle(nodes::Group group);

/// The shortest decimal text that reads back as `value` (0.707, not 0.7070000171661377).
std::string shortestNumber(float value);

/// The ports a program writes (`in:signal cutoff:Hz q=1[0.05,100]`); empty for a node without
/// ports.
std::string signatureOf(const nodes::NodeInfo& node);

/// Every row of the table as a JSON object (name, aliases, kind, group, ports …), in listing
/// order; keys in a fixed order.
nlohmann::ordered_json nodesJson();

/// docs/nodes.md.
std::string nodesMarkdown();

/// `phonon nodes NAME`: one row's reference (section, signature, a line per port with its kind,
/// unit, default and range, the definition, state, channels, and the example).
std::string nodeReference(const nodes::NodeInfo& node);

/// `phonon nodes [--json | --markdown]`, `phonon nodes [--json] NAME...`.
int runNodes(int argc, char** argv);

} // namespace phonon::tools
