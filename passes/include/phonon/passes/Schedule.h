// What the scheduling passes (fuse, batch-parallel, vectorize-across-nodes, allocate-buffers)
// share: forming kernels, reordering a module so that each kernel's members are consecutive,
// and the plain schedule code generation falls back on where they did not run (-O0).
#pragma once

#include "phonon/ir/Module.h"

#include <vector>

namespace phonon::passes {

/// Whether an instruction is computed inside a kernel: audio-rate values, outputs and feedback
/// writes. Everything else (const, block and event rate) is computed before the sample loops.
bool inKernel(const ir::Instr& in);

/// For each value, the instructions that use it (each user once, in order).
std::vector<std::vector<ir::ValueId>> usersOf(const ir::Module& m);

/// Puts the instructions in `order` (every id once, operands before users), renumbering every
/// operand, kernel member and buffer use.
void reorder(ir::Module& m, const std::vector<ir::ValueId>& order);

/// Gives every kernel-computed instruction a kernel: chains of single-use values (`fuse`) or
/// one kernel per instruction (`chains` false). Either way a feedback loop (every instruction
/// between a cell's first read and its write) is one kernel — so the loop runs sample by
/// sample — and the outputs are summed in one kernel in their order. The kernels are then put
/// in dependency order, each after the values it reads; costs are the op table's.
void formKernels(ir::Module& m, bool chains);

/// The most op-table cost `fuse` chains into one kernel (a single instruction may cost more):
/// LLVM's work on a function grows faster than its size, so a long chain (20 000 filters) is
/// cut into kernels of about this much work, each reading the previous one's buffer. One
/// buffer store and load per sample per cut is noise against this much arithmetic.
constexpr float kMaxKernelCost = 2048;

/// Recomputes each kernel's cost (its members' op-table costs) and each batch's.
void updateCosts(ir::Module& m);

/// Completes a schedule for code generation: kernels of one instruction each if there are
/// none, one batch per kernel (in order, none parallel) if there are no batches, and a buffer
/// for every value crossing kernels (no reuse) if buffers are not allocated.
void completeSchedule(ir::Module& m);

/// Fewer same-shaped kernels than this are not made a bank (a bank pays off from a few lanes),
/// and a Sum of fewer operands is not kept apart for one to accumulate into it.
constexpr size_t kMinBankLanes = 4;

/// Buffers a value of type `t` occupies (a stereo value takes two consecutive ones).
uint32_t buffersFor(ir::Type t);

} // namespace phonon::passes
