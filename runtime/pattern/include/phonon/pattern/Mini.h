// Mini-notation (LANGUAGE §5) as data: the frontend's Mini.g4 parser builds this tree (with
// every atom's place in the source and every seed numbered), and buildMiniPattern turns it into
// a pattern. The tree is plain data so that a compiled patch can carry it to the runtime.
#pragma once

#include "phonon/pattern/Pattern.h"
#include "phonon/pattern/Transforms.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace phonon::pattern {

struct MiniNode;
using MiniPtr = std::shared_ptr<const MiniNode>;

struct MiniModifier {
  enum class Kind {
    Fast,      ///< `*f`        arg
    Slow,      ///< `/f`        arg
    Replicate, ///< `!n`, `!`   amount
    Weight,    ///< `@w`        amount
    Degrade,   ///< `?`, `?p`   amount, seed
    Euclid,    ///< `(k,n,r)`   args (2 or 3)
    Tail,      ///< `:x`        arg
  };
  Kind kind;
  std::vector<MiniPtr> args;
  Rational amount{1};
  bool countOnly = false; ///< `!` without a number: one more copy
  int seed = 0;
  SourceLoc loc;
};

struct MiniStep {
  MiniPtr body;
  std::vector<MiniModifier> modifiers;
  MiniPtr rangeEnd; ///< `a .. b`: the upper end (body is the lower)
  std::vector<MiniModifier> rangeEndModifiers;
  Rational extraWeight{0}; ///< from following `_` or bare `@`
  int extraCopies = 0;     ///< from following bare `!`
  SourceLoc loc;
};

struct MiniNode {
  enum class Kind {
    Atom,        ///< a number, word, note, chord or `~name`
    Rest,        ///< `~`, `-`
    Sequence,    ///< steps (with feet: steps grouped, each group one step)
    Stack,       ///< layers at once (`,`)
    Choice,      ///< one layer per cycle, seeded (`|`)
    Alternation, ///< `< … >`: each layer slowed by its total weight
    Polymeter,   ///< `{ … }%n`
  };
  Kind kind = Kind::Rest;
  SourceLoc loc;
  // Atom
  std::string text;
  bool isNumber = false;
  // Sequence
  std::vector<MiniStep> steps;
  // Stack, Choice, Alternation, Polymeter: each layer a Sequence
  std::vector<MiniPtr> layers;
  MiniPtr stepsPerCycle; ///< Polymeter `%n`, or null for the first layer's weight
  int seed = 0;          ///< Choice
};

/// How atoms are read (LANGUAGE §5.3): by where the string is used.
enum class AtomContext {
  Generic, ///< numbers as numbers, everything else as words (the oracle's values)
  Numeric, ///< numbers and pitches (note names, chords); other words are errors
  Sound,   ///< every atom a sound name; `name:i` selects a sample
  Boolean, ///< t/true/x/nonzero and f/false/0; off-steps of `(k,n)` are false events
};

/// An error at a place in a mini-notation string (a typing error found while building).
struct MiniError : std::runtime_error {
  MiniError(SourceLoc l, const std::string& message) : std::runtime_error(message), loc(l) {}
  SourceLoc loc;
};

/// The pattern a mini-notation tree denotes.
PatternV buildMiniPattern(const MiniNode& root, AtomContext context);

/// Chord intervals for a quality name (LANGUAGE §5.4); empty if unknown.
const std::vector<int>& chordIntervals(const std::string& quality);
/// Every chord quality name, for error messages.
std::string chordQualityNames();

} // namespace phonon::pattern
