#include "phonon/pattern/Ops.h"

#include <algorithm>
#include <cmath>

namespace phonon::pattern {

namespace {

using Args = const std::vector<OpArg>&;

#define P(i) args[i].pattern
#define F(i) args[i].function

template <ArithOp Op, Structure S> PatternV arith(Args args, const PatternV& p) {
  return arithmetic(Op, S, p, P(0));
}
template <Structure S> PatternV setOp(Args args, const PatternV& p) {
  return setValues(S, p, P(0));
}
template <Structure S> PatternV keepOp(Args args, const PatternV& p) {
  return keepValues(S, p, P(0));
}

/// The transformed pattern first, then the argument patterns.
std::vector<PatternV> withFirst(const PatternV& p, Args args) {
  std::vector<PatternV> all{p};
  all.insert(all.end(), args[0].patterns.begin(), args[0].patterns.end());
  return all;
}

PatternV sometimesWith(double amount, Args args, const PatternV& p) {
  return sometimesBy(pureNumber(amount), F(0), p);
}

// Value operations take their structure from the left (`add`, Tidal's |+); `.out` from the
// right (+|), `.mix` from both (|+|), `.squeeze` squeezes (||+). `.in` is the default, spelt out.
#define VALUE_OPS(name, Op)                                                                        \
  {name, "p", "values " name " the argument's, structure from the left",                           \
   arith<Op, Structure::Left>},                                                                    \
      {name ".in", "p", "as " name, arith<Op, Structure::Left>},                                   \
      {name ".out", "p", name " with the structure from the right", arith<Op, Structure::Right>},  \
      {name ".mix", "p", name " with the structure from both", arith<Op, Structure::Both>}, {      \
    name ".squeeze", "p", name ", each right cycle squeezed into each left event",                 \
        arith<Op, Structure::Squeeze>                                                              \
  }

const OpInfo kOps[] = {
    // time and structure
    {"fast", "p", "speed up by a factor",
     [](Args args, const PatternV& p) { return fast(P(0), p); }},
    {"density", "p", "alias of fast", [](Args args, const PatternV& p) { return fast(P(0), p); }},
    {"slow", "p", "slow down by a factor",
     [](Args args, const PatternV& p) { return slow(P(0), p); }},
    {"hurry", "p", "fast, and speed × r",
     [](Args args, const PatternV& p) { return hurry(P(0), p); }},
    {"fastGap", "p", "each cycle squeezed into its first 1/r",
     [](Args args, const PatternV& p) { return fastGap(P(0), p); }},
    {"squeeze", "p", "alias of fastGap",
     [](Args args, const PatternV& p) { return fastGap(P(0), p); }},
    {"compress", "pp", "squeezed into [b, e) of each cycle",
     [](Args args, const PatternV& p) { return compress(P(0), P(1), p); }},
    {"compressGap", "pp", "alias of compress",
     [](Args args, const PatternV& p) { return compress(P(0), P(1), p); }},
    {"zoom", "pp", "plays [b, e) of each cycle stretched over it",
     [](Args args, const PatternV& p) { return zoom(P(0), P(1), p); }},
    {"zoomArc", "pp", "alias of zoom",
     [](Args args, const PatternV& p) { return zoom(P(0), P(1), p); }},
    {"linger", "p", "repeats the first f of each cycle",
     [](Args args, const PatternV& p) { return linger(P(0), p); }},
    {"segment", "p", "samples n steps per cycle",
     [](Args args, const PatternV& p) { return segment(P(0), p); }},
    {"discretise", "p", "alias of segment",
     [](Args args, const PatternV& p) { return segment(P(0), p); }},
    {"rev", "", "mirrors each cycle", [](Args, const PatternV& p) { return rev(p); }},
    {"palindrome", "", "cat [p, rev p]", [](Args, const PatternV& p) { return palindrome(p); }},
    {"mirror", "", "alias of palindrome", [](Args, const PatternV& p) { return palindrome(p); }},
    {"iter", "p", "rotates the cycle's start each cycle",
     [](Args args, const PatternV& p) { return iter(P(0), p); }},
    {"iterBack", "p", "iter, the other way",
     [](Args args, const PatternV& p) { return iterBack(P(0), p); }},
    {"iter'", "p", "alias of iterBack",
     [](Args args, const PatternV& p) { return iterBack(P(0), p); }},
    {"ply", "p", "each event repeated n times within itself",
     [](Args args, const PatternV& p) { return ply(P(0), p); }},
    {"plyWith", "pf", "each event split into n: p, f p, f (f p) …",
     [](Args args, const PatternV& p) { return plyWith(P(0), F(1), p); }},
    {"stutter", "pp", "n copies t apart",
     [](Args args, const PatternV& p) { return stutter(P(0), P(1), p); }},
    {"echo", "ppp", "n copies t apart, gain × fb per copy",
     [](Args args, const PatternV& p) { return echo(P(0), P(1), P(2), p); }},
    {"stut", "ppp", "Tidal's stut: count, feedback, time",
     [](Args args, const PatternV& p) { return stut(P(0), P(1), P(2), p); }},
    {"echoWith", "ppf", "copy i shifted i·t with f applied i times",
     [](Args args, const PatternV& p) { return echoWith(P(0), P(1), F(2), p); }},
    {"stutWith", "ppf", "alias of echoWith",
     [](Args args, const PatternV& p) { return echoWith(P(0), P(1), F(2), p); }},
    {"early", "p", "shift earlier", [](Args args, const PatternV& p) { return early(P(0), p); }},
    {"rotL", "p", "alias of early", [](Args args, const PatternV& p) { return early(P(0), p); }},
    {"late", "p", "shift later", [](Args args, const PatternV& p) { return late(P(0), p); }},
    {"rotR", "p", "alias of late", [](Args args, const PatternV& p) { return late(P(0), p); }},
    {"offset", "p", "alias of late", [](Args args, const PatternV& p) { return late(P(0), p); }},
    {"wait", "p", "alias of late", [](Args args, const PatternV& p) { return late(P(0), p); }},
    {"rot", "p", "values move n places each cycle",
     [](Args args, const PatternV& p) { return rot(P(0), p); }},
    {"swingBy", "pp", "second halves of 1/n slices later by x/n",
     [](Args args, const PatternV& p) { return swingBy(P(0), P(1), p); }},
    {"swing", "p", "swingBy (1/3)", [](Args args, const PatternV& p) { return swing(P(0), p); }},
    {"groove", "wo", "a named feel: swingBy or humanize by an amount",
     [](Args args, const PatternV& p) { return groove(args[0].word, P(1), p); }},
    {"euclid", "pp", "k pulses in n steps",
     [](Args args, const PatternV& p) { return euclid(P(0), P(1), p); }},
    {"euclidRot", "ppp", "euclid rotated left by r",
     [](Args args, const PatternV& p) { return euclidRot(P(0), P(1), P(2), p); }},
    {"euclidOff", "ppp", "alias of euclidRot",
     [](Args args, const PatternV& p) { return euclidRot(P(0), P(1), P(2), p); }},
    {"eoff", "ppp", "alias of euclidRot",
     [](Args args, const PatternV& p) { return euclidRot(P(0), P(1), P(2), p); }},
    {"euclidFull", "ppa", "pulses from the first pattern, off-steps from the second",
     [](Args args, const PatternV& p) { return euclidFull(P(0), P(1), P(2), p); }},
    {"euclidInv", "pp", "the off-steps of euclid",
     [](Args args, const PatternV& p) { return euclidInv(P(0), P(1), p); }},
    {"euclidLegato", "pp", "euclid, each pulse lasting until the next",
     [](Args args, const PatternV& p) { return euclidLegato(P(0), P(1), p); }},
    {"euclidLegatoRot", "ppp", "euclidLegato rotated left by r",
     [](Args args, const PatternV& p) { return euclidLegatoRot(P(0), P(1), P(2), p); }},
    {"struct", "b", "structure from the true events",
     [](Args args, const PatternV& p) { return structure(P(0), p); }},
    {"mask", "b", "keeps the parts where the booleans are true",
     [](Args args, const PatternV& p) { return mask(P(0), p); }},
    {"within", "ppf", "f applied to the onsets in [s, e) of each cycle",
     [](Args args, const PatternV& p) { return within(P(0), P(1), F(2), p); }},
    {"inside", "pf", "fast n (f (slow n p))",
     [](Args args, const PatternV& p) { return inside(P(0), F(1), p); }},
    {"outside", "pf", "inside (1/n)",
     [](Args args, const PatternV& p) { return outside(P(0), F(1), p); }},
    {"brak", "", "odd cycles squeezed and shifted",
     [](Args, const PatternV& p) { return brak(p); }},
    {"press", "", "each event in the second half of its whole",
     [](Args, const PatternV& p) { return press(p); }},
    {"pressBy", "p", "each event in the last (1 − r) of its whole",
     [](Args args, const PatternV& p) { return pressBy(P(0), p); }},
    {"range", "pp", "values scaled from 0…1 to lo…hi",
     [](Args args, const PatternV& p) { return range(P(0), P(1), p); }},
    {"quantize", "p", "values rounded to multiples of 1/q",
     [](Args args, const PatternV& p) { return quantize(P(0), p); }},
    {"quantise", "p", "alias of quantize",
     [](Args args, const PatternV& p) { return quantize(P(0), p); }},
    {"repeatCycles", "p", "each cycle played n times",
     [](Args args, const PatternV& p) { return repeatCycles(P(0), p); }},
    {"ribbon", "pp", "loops l cycles from cycle o",
     [](Args args, const PatternV& p) { return ribbon(P(0), P(1), p); }},
    {"bite", "pp", "slices of p chosen by an index pattern",
     [](Args args, const PatternV& p) { return bite(P(0), P(1), p); }},
    {"chew", "pp", "bite, and speed by the squeeze",
     [](Args args, const PatternV& p) { return chew(P(0), P(1), p); }},
    {"focus", "pp", "compress without gaps",
     [](Args args, const PatternV& p) { return focus(P(0), P(1), p); }},
    {"trunc", "p", "only [0, f) of each cycle",
     [](Args args, const PatternV& p) { return trunc(P(0), p); }},
    {"trim", "pp", "only [b, e) of each cycle",
     [](Args args, const PatternV& p) { return trim(P(0), P(1), p); }},
    {"reset", "b", "restart from the cycle start at each true event",
     [](Args args, const PatternV& p) { return reset(P(0), p); }},
    {"restart", "b", "restart from cycle 0 at each true event",
     [](Args args, const PatternV& p) { return restart(P(0), p); }},
    {"fit", "pV", "value k of cycle c becomes v[(k + c·step) mod len]",
     [](Args args, const PatternV& p) { return fit(P(0), args[1].values, p); }},
    {"smooth", "", "linear interpolation between values",
     [](Args, const PatternV& p) { return smooth(p); }},
    {"dup", "p", "alias of fast", [](Args args, const PatternV& p) { return fast(P(0), p); }},
    {"loopback", "", "fastcat [p, rev p]",
     [](Args, const PatternV& p) { return fastcat({p, rev(p)}); }},
    // conditions
    {"every", "pf", "f every n cycles",
     [](Args args, const PatternV& p) { return every(P(0), F(1), p); }},
    {"every'", "ppf", "f when c mod n = o",
     [](Args args, const PatternV& p) { return everyOffset(P(0), P(1), F(2), p); }},
    {"whenmod", "ppf", "f when c mod a ≥ b",
     [](Args args, const PatternV& p) { return whenmod(P(0), P(1), F(2), p); }},
    {"firstOf", "pf", "alias of every",
     [](Args args, const PatternV& p) { return firstOf(P(0), F(1), p); }},
    {"lastOf", "pf", "f when c mod n = n − 1",
     [](Args args, const PatternV& p) { return lastOf(P(0), F(1), p); }},
    {"foldEvery", "Nf", "f once for each n with c mod n = 0",
     [](Args args, const PatternV& p) { return foldEvery(args[0].patterns, F(1), p); }},
    {"when", "bf", "f where the booleans are true (Tidal's while)",
     [](Args args, const PatternV& p) { return whenTrue(P(0), F(1), p); }},
    {"while", "bf", "alias of when",
     [](Args args, const PatternV& p) { return whenTrue(P(0), F(1), p); }},
    {"chunk", "pf", "f on one chunk of n per cycle, in turn",
     [](Args args, const PatternV& p) { return chunk(P(0), F(1), p); }},
    {"chunkBack", "pf", "chunk, starting with the last",
     [](Args args, const PatternV& p) { return chunkBack(P(0), F(1), p); }},
    {"chunk'", "pf", "alias of chunkBack",
     [](Args args, const PatternV& p) { return chunkBack(P(0), F(1), p); }},
    // randomness
    {"degradeBy", "p", "drops events with probability p",
     [](Args args, const PatternV& p) { return degradeBy(P(0), p); }},
    {"undegradeBy", "p", "keeps events with probability p",
     [](Args args, const PatternV& p) { return undegradeBy(P(0), p); }},
    {"unDegradeBy", "p", "alias of undegradeBy",
     [](Args args, const PatternV& p) { return undegradeBy(P(0), p); }},
    {"degrade", "", "degradeBy 0.5", [](Args, const PatternV& p) { return degrade(p); }},
    {"undegrade", "", "undegradeBy 0.5", [](Args, const PatternV& p) { return undegrade(p); }},
    {"degradeSeed", "p", "degrade with the seed-s stream",
     [](Args args, const PatternV& p) { return degradeSeed(P(0), p); }},
    {"sometimesBy", "pf", "f on each event with probability p",
     [](Args args, const PatternV& p) { return sometimesBy(P(0), F(1), p); }},
    {"sometimes", "f", "sometimesBy 0.5",
     [](Args args, const PatternV& p) { return sometimesWith(0.5, args, p); }},
    {"often", "f", "sometimesBy 0.75",
     [](Args args, const PatternV& p) { return sometimesWith(0.75, args, p); }},
    {"rarely", "f", "sometimesBy 0.25",
     [](Args args, const PatternV& p) { return sometimesWith(0.25, args, p); }},
    {"almostNever", "f", "sometimesBy 0.1",
     [](Args args, const PatternV& p) { return sometimesWith(0.1, args, p); }},
    {"almostAlways", "f", "sometimesBy 0.9",
     [](Args args, const PatternV& p) { return sometimesWith(0.9, args, p); }},
    {"always", "f", "f", [](Args args, const PatternV& p) { return F(0)(p); }},
    {"never", "f", "the pattern unchanged", [](Args, const PatternV& p) { return p; }},
    {"someCyclesBy", "pf", "f in each cycle with probability p",
     [](Args args, const PatternV& p) { return someCyclesBy(P(0), F(1), p); }},
    {"somecyclesBy", "pf", "alias of someCyclesBy",
     [](Args args, const PatternV& p) { return someCyclesBy(P(0), F(1), p); }},
    {"someCycles", "f", "someCyclesBy 0.5",
     [](Args args, const PatternV& p) { return someCyclesBy(pureNumber(0.5), F(0), p); }},
    {"shuffle", "p", "the n parts of each cycle permuted",
     [](Args args, const PatternV& p) { return shuffle(P(0), p); }},
    {"scramble", "p", "n parts of each cycle picked at random",
     [](Args args, const PatternV& p) { return scramble(P(0), p); }},
    {"humanize", "pp", "random shifts and gains",
     [](Args args, const PatternV& p) { return humanize(P(0), P(1), p); }},
    {"stripe", "p", "n copies of each cycle at random lengths",
     [](Args args, const PatternV& p) { return stripe(P(0), p); }},
    // layering
    {"off", "pf", "superimpose (f ∘ (t ~>))",
     [](Args args, const PatternV& p) { return off(P(0), F(1), p); }},
    {"superimpose", "F", "stack [p, f p, …]",
     [](Args args, const PatternV& p) { return superimpose(args[0].functions, p); }},
    {"layer", "F", "stack [f p, g p, …]",
     [](Args args, const PatternV& p) { return layer(args[0].functions, p); }},
    {"jux", "f", "p panned left, f p panned right",
     [](Args args, const PatternV& p) { return jux(F(0), p); }},
    {"juxBy", "pf", "jux by an amount",
     [](Args args, const PatternV& p) { return juxBy(P(0), F(1), p); }},
    {"ghost", "", "ghost notes", [](Args, const PatternV& p) { return ghost(p); }},
    {"ghostWith", "pf", "ghost notes made with f",
     [](Args args, const PatternV& p) { return ghostWith(P(0), F(1), p); }},
    {"spin", "p", "n copies shifted and panned",
     [](Args args, const PatternV& p) { return spin(P(0), p); }},
    {"stack", "P", "stack [p, q, …]",
     [](Args args, const PatternV& p) { return stack(withFirst(p, args)); }},
    {"cat", "P", "cat [p, q, …]",
     [](Args args, const PatternV& p) { return cat(withFirst(p, args)); }},
    {"slowcat", "P", "alias of cat",
     [](Args args, const PatternV& p) { return cat(withFirst(p, args)); }},
    {"fastcat", "P", "fastcat [p, q, …]",
     [](Args args, const PatternV& p) { return fastcat(withFirst(p, args)); }},
    // samples and controls
    {"chop", "p", "each event cut into n",
     [](Args args, const PatternV& p) { return chop(P(0), p); }},
    {"striate", "p", "n interleaved parts of each sample",
     [](Args args, const PatternV& p) { return striate(P(0), p); }},
    {"slice", "pp", "slices of a sample by index",
     [](Args args, const PatternV& p) { return slice(P(0), P(1), p); }},
    {"splice", "pp", "slice, stretched to its event",
     [](Args args, const PatternV& p) { return splice(P(0), P(1), p); }},
    {"loopAt", "p", "fits a sample to n cycles",
     [](Args args, const PatternV& p) { return loopAt(P(0), p); }},
    {"legato", "p", "gate length × event length",
     [](Args args, const PatternV& p) { return legato(P(0), p); }},
    {"staccato", "p", "alias of legato",
     [](Args args, const PatternV& p) { return legato(P(0), p); }},
    {"stretch", "", "legato 1", [](Args, const PatternV& p) { return legato(pureNumber(1), p); }},
    {"dur", "p", "voice length in seconds",
     [](Args args, const PatternV& p) { return dur(P(0), p); }},
    {"gap", "p", "chop n, keeping the even pieces",
     [](Args args, const PatternV& p) { return gap(P(0), p); }},
    // values
    VALUE_OPS("add", ArithOp::Add),
    VALUE_OPS("sub", ArithOp::Sub),
    VALUE_OPS("mul", ArithOp::Mul),
    VALUE_OPS("div", ArithOp::Div),
    VALUE_OPS("mod", ArithOp::Mod),
    {"set", "p", "the argument's values, structure from the left", setOp<Structure::Left>},
    {"set.in", "p", "as set", setOp<Structure::Left>},
    {"set.out", "p", "set with the structure from the right", setOp<Structure::Right>},
    {"set.mix", "p", "set with the structure from both", setOp<Structure::Both>},
    {"set.squeeze", "p", "set, squeezed", setOp<Structure::Squeeze>},
    {"keep", "p", "the pattern's values, structure from the left", keepOp<Structure::Left>},
    {"keep.in", "p", "as keep", keepOp<Structure::Left>},
    {"keep.out", "p", "keep with the structure from the right", keepOp<Structure::Right>},
    {"keep.mix", "p", "keep with the structure from both", keepOp<Structure::Both>},
    {"keep.squeeze", "p", "keep, squeezed", keepOp<Structure::Squeeze>},
    {"toMidi", "", "note names to MIDI numbers", [](Args, const PatternV& p) { return toMidi(p); }},
    // the math functions of LANGUAGE §7.8 on pattern values (sema: on signals, the nodes)
    {"abs", "", "absolute value, pointwise",
     [](Args, const PatternV& p) { return mapNumbers([](double x) { return std::fabs(x); }, p); }},
    {"sign", "", "sign (-1, 0 or 1), pointwise",
     [](Args,
        const PatternV&
            p) { return mapNumbers([](double x) { return x > 0   ? 1.0
                                                         : x < 0 ? -1.0
                                                                 : 0.0; }, p); }},
    {"sqrt", "", "square root of max(x, 0), pointwise",
     [](Args,
        const PatternV&
            p) { return mapNumbers([](double x) { return std::sqrt(std::max(x, 0.0)); }, p); }},
    {"tanh", "", "hyperbolic tangent, pointwise",
     [](Args, const PatternV& p) { return mapNumbers([](double x) { return std::tanh(x); }, p); }},
    {"exp", "", "e to the x, pointwise",
     [](Args, const PatternV& p) { return mapNumbers([](double x) { return std::exp(x); }, p); }},
    {"log", "", "natural logarithm of max(x, 1e-30), pointwise",
     [](Args,
        const PatternV&
            p) { return mapNumbers([](double x) { return std::log(std::max(x, 1e-30)); }, p); }},
};

#undef P
#undef F
#undef VALUE_OPS

} // namespace

std::span<const OpInfo> ops() {
  return kOps;
}

const OpInfo* findOp(std::string_view name) {
  for (const OpInfo& op : kOps)
    if (name == op.name) return &op;
  return nullptr;
}

} // namespace phonon::pattern
