// Channels (LANGUAGE §2.4, §7 preamble, §7.7): the lowering of stereo values to mono ones.
//
// Sema types every value mono (f32) or stereo. The engines run mono values only: before a
// module is scheduled, splitChannels gives each stereo value a left and a right mono value.
//  - A mono node with a stereo signal input becomes two instances, each with its own state;
//    the right one's seed is rightChannelSeed(seed). A stereo operand at a parameter port is
//    averaged, (L + R)·0.5 (sema already inserts `mono` there).
//  - Operators, buses and feedback cells work per channel (a stereo cell becomes two cells).
//  - The channel nodes (NodeChannels) become per-channel nodes and arithmetic: `pan` →
//    pan_left/pan_right, `pan2` → pan2_l/pan2_r, `widener` → widener_left/widener_right,
//    `stereo l r` → its two operands, `mono x` → (L + R)·0.5; a mono value where a node reads
//    a channel is both channels.
//  - An output of a stereo value has two operands, left and right (`out 0, %l, %r`); a mono
//    output has one, which the engines write to both channels unchanged.
// A module without stereo values or channel nodes is left exactly as it is.
#pragma once

#include "phonon/ir/Module.h"

namespace phonon::ir {

/// Whether splitChannels would change `m`: it holds a stereo value or a channel node.
bool hasChannelWork(const Module& m);

/// Lowers every stereo value to two mono values (see above). A module with a schedule, or one
/// that cannot run yet (nodes whose kernels are not written), is left as it is: the verifier
/// then names what remains.
void splitChannels(Module& m);

/// The seed of the right-channel instance of a node seeded `seed`: never `seed` itself, and
/// a hash of it, so that a stereo `noise` (or a noise-driven node) has two uncorrelated streams.
uint32_t rightChannelSeed(uint32_t seed);

} // namespace phonon::ir
