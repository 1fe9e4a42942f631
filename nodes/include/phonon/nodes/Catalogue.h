// The node catalogue: the one source of truth for signatures (DESIGN §4).
#pragma once

#include "phonon/nodes/Node.h"

#include <span>
#include <string_view>
#include <vector>

namespace phonon::nodes {

/// Every node of LANGUAGE §7: those with kernels in declaration order (NodeList.def), then
/// those known by signature only (Declared.cpp).
std::span<const NodeInfo> catalogue();

/// The nodes whose kernels are not written yet (hasKernel() is false), built from Declared.cpp.
std::vector<NodeInfo> declaredNodes();

/// The node named `name` or having it as an alias; nullptr if none.
const NodeInfo* findNode(std::string_view name);

/// The node whose canonical name is `name` (aliases not considered); nullptr if none.
const NodeInfo* findNodeExact(std::string_view name);

} // namespace phonon::nodes
