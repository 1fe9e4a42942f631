// Replacing instructions by values they equal, for the passes that merge or fold away
// instructions (inline-buses, cse).
#pragma once

#include "phonon/ir/Module.h"

#include <functional>
#include <optional>

namespace phonon::passes {

/// Visits the instructions in order, each with its operands already redirected; where
/// `replacement` returns a value, every later use reads that value instead and the instruction
/// is removed. Names are the callback's business.
void replaceInstructions(ir::Module& m,
                         const std::function<std::optional<ir::ValueId>(ir::ValueId)>& replacement);

} // namespace phonon::passes
