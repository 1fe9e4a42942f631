// The node table (NodeTable.def) as constexpr C++: each row's ports and aliases as arrays, and
// KernelRow<K> for every kernel struct, so that a kernel's param<K> reads its ports at compile
// time. Included by every node header (before its structs) and by Catalogue.cpp and Kernels.cpp.
// Plain C++ with no dependencies: it compiles into the node bitcode too.
#pragma once

#include "phonon/nodes/Node.h"

#include <array>

// The columns that hold lists, spread into a function's arguments.
#define ALIASES(...) __VA_ARGS__
#define PORTS(...) __VA_ARGS__
// The example column: the program and what it sounds like, two arguments of Catalogue.cpp's row().
#define EXAMPLE(patch, soundsLike) patch, soundsLike

// The kernel column, KERNEL(Type), KERNEL_OR_PAIR(Type, pairRow), PAIR(pairRow), CHANNELS, SUM,
// VOICES (sema writes a sound pattern that the runtime's voice engine plays) or NO_KERNEL:
// PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel) expands to PHONON_WITH_KERNEL(name, Type) for
// a row with a kernel struct and to nothing otherwise (each includer defines PHONON_WITH_KERNEL).
#define PHONON_KERNEL_TYPE_KERNEL(Type) Type
#define PHONON_KERNEL_TYPE_KERNEL_OR_PAIR(Type, pairRow) Type
#define PHONON_KERNEL_TYPE_PAIR(pairRow)
#define PHONON_KERNEL_TYPE_NO_KERNEL
#define PHONON_KERNEL_TYPE_CHANNELS
#define PHONON_KERNEL_TYPE_SUM
#define PHONON_KERNEL_TYPE_CHOICES
#define PHONON_KERNEL_TYPE_VOICES
#define PHONON_IF_KERNEL(name, ...) __VA_OPT__(PHONON_WITH_KERNEL(name, __VA_ARGS__))

namespace phonon::nodes {
namespace rows {

// The flag names the rows use.
inline constexpr uint32_t Hz = PortHz, Pitch = PortPitch, Semitones = PortSemitones,
                          Seconds = PortSeconds, Decibels = PortDecibels, Gain = PortGain,
                          Const = PortConstant, Words = PortWords, Bools = PortBools,
                          List = PortList, File = PortFile, Variadic = PortVariadic,
                          Leading = PortLeadingOptional;

template <class... P> constexpr std::array<PortInfo, sizeof...(P)> portArray(P... ports) {
  return {ports...};
}
template <class... A> constexpr std::array<const char*, sizeof...(A)> nameArray(A... names) {
  return {names...};
}

// ports_<name> and aliases_<name> for every row.
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  inline constexpr auto ports_##name = portArray(portList);                                        \
  inline constexpr auto aliases_##name = nameArray(aliasList);
#include "NodeTable.def"
#undef NODE

} // namespace rows

// Every kernel struct, declared, with its row's ports.
#define PHONON_WITH_KERNEL(name, Type)                                                             \
  struct Type;                                                                                     \
  template <> struct KernelRow<Type> {                                                             \
    static constexpr const PortInfo* ports = rows::ports_##name.data();                            \
    static constexpr unsigned numPorts = rows::ports_##name.size();                                \
  };
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel)
#include "NodeTable.def"
#undef NODE
#undef PHONON_WITH_KERNEL

} // namespace phonon::nodes
