// The node catalogue, built from the one node table (nodes/NodeTable.def, DESIGN §4).
#pragma once

#include "phonon/nodes/Node.h"

#include <array>
#include <span>
#include <string_view>

namespace phonon::nodes {

/// Every row of NodeTable.def: the nodes and operators in table order (catalogue()), then the
/// pattern functions and controls of the §7 tables (NodePatternFunction).
std::span<const NodeInfo> table();

/// The nodes and operators of LANGUAGE §7, written or not (hasKernel()): what sema, the IR and
/// the engines know. The first entries of table().
std::span<const NodeInfo> catalogue();

/// The node named `name` or having it as an alias; nullptr if none. Pattern-function rows are
/// not nodes: findNode("run") is nullptr.
const NodeInfo* findNode(std::string_view name);

/// The node whose canonical name is `name` (aliases not considered); nullptr if none.
const NodeInfo* findNodeExact(std::string_view name);

/// The row of table() named `name` or having it as an alias, pattern functions included.
const NodeInfo* findRow(std::string_view name);

/// One of a node's functions in the node library: its name in the bitcode and its address in
/// this process (both null where the node has none).
struct KernelFunction {
  const char* symbol;
  const void* address;
};

/// `node`'s init, tick, arena, edge and smooth functions, in that order.
std::array<KernelFunction, 5> kernelFunctions(const NodeInfo& node);

/// The node-library function named `symbol` (a NodeInfo's initSymbol … smoothSymbol, or
/// kRingAlignSymbol) as this process has it, compiled natively from Kernels.cpp: what the JIT's
/// baseline tier calls where the optimising tiers inline the bitcode of the same source.
/// Null for any other name.
const void* nativeFunction(std::string_view symbol);

} // namespace phonon::nodes
