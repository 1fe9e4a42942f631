// The node catalogue: the one source of truth for signatures (DESIGN §4).
#pragma once

#include "phonon/nodes/Node.h"

#include <span>
#include <string_view>

namespace phonon::nodes {

/// Every node, in declaration order (NodeList.def).
std::span<const NodeInfo> catalogue();

/// The node named `name` or having it as an alias; nullptr if none.
const NodeInfo* findNode(std::string_view name);

/// The node whose canonical name is `name` (aliases not considered); nullptr if none.
const NodeInfo* findNodeExact(std::string_view name);

} // namespace phonon::nodes
