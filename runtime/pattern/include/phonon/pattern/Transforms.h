// Every transform and pattern-building function of LANGUAGE §6, on patterns of Values.
// Numeric arguments are patterns (a constant is a pure pattern): each transform is applied with
// each argument event's value over that event's span, keeping the resulting events' wholes
// (an inner join, LANGUAGE §6.1). Transforms marked † in the spec change controls; they
// promote a word pattern to `s` first.
#pragma once

#include "phonon/pattern/Pattern.h"
#include "phonon/pattern/Value.h"

#include <functional>
#include <string>
#include <vector>

namespace phonon::pattern {

using PatternV = Pattern<Value>;
using EventV = Event<Value>;
using Fn = std::function<PatternV(const PatternV&)>;

PatternV pureValue(Value v);
PatternV pureNumber(double v);
PatternV pureTime(Rational t);
/// A sequence of constant steps (fastcat of pure values), queried in time proportional to the
/// events it returns.
PatternV constantSteps(std::vector<Value> values, SourceLoc loc = {});

// ---- time and structure (§6.2) ---------------------------------------------------------------
PatternV fast(const PatternV& r, const PatternV& p);
PatternV slow(const PatternV& r, const PatternV& p);
PatternV hurry(const PatternV& r, const PatternV& p); // †
PatternV fastGap(const PatternV& r, const PatternV& p);
PatternV compress(const PatternV& b, const PatternV& e, const PatternV& p);
PatternV zoom(const PatternV& b, const PatternV& e, const PatternV& p);
PatternV linger(const PatternV& f, const PatternV& p);
PatternV segment(const PatternV& n, const PatternV& p);
PatternV rev(const PatternV& p);
PatternV palindrome(const PatternV& p);
PatternV iter(const PatternV& n, const PatternV& p);
PatternV iterBack(const PatternV& n, const PatternV& p);
PatternV ply(const PatternV& n, const PatternV& p);
PatternV stutter(const PatternV& n, const PatternV& t, const PatternV& p);
PatternV echo(const PatternV& n, const PatternV& t, const PatternV& fb, const PatternV& p); // †
PatternV stut(const PatternV& n, const PatternV& fb, const PatternV& t, const PatternV& p); // †
PatternV early(const PatternV& t, const PatternV& p);
PatternV late(const PatternV& t, const PatternV& p);
PatternV rot(const PatternV& n, const PatternV& p);
PatternV swingBy(const PatternV& x, const PatternV& n, const PatternV& p);
PatternV swing(const PatternV& n, const PatternV& p);
/// A named feel (LANGUAGE §6.3): mpc, hiphop, jazz, reggae, one_drop, drunken.
PatternV groove(const std::string& name, const PatternV& amount, const PatternV& p);
PatternV euclid(const PatternV& k, const PatternV& n, const PatternV& p);
PatternV euclidRot(const PatternV& k, const PatternV& n, const PatternV& r, const PatternV& p);
PatternV euclidFull(const PatternV& k, const PatternV& n, const PatternV& pa, const PatternV& pb);
PatternV euclidInv(const PatternV& k, const PatternV& n, const PatternV& p);
PatternV euclidLegato(const PatternV& k, const PatternV& n, const PatternV& p);
PatternV euclidLegatoRot(const PatternV& k, const PatternV& n, const PatternV& r,
                         const PatternV& p);
PatternV structure(const PatternV& bools, const PatternV& p); // `struct`
PatternV mask(const PatternV& bools, const PatternV& p);
PatternV sew(const PatternV& bools, const PatternV& pt, const PatternV& pf);
PatternV stitch(const PatternV& bools, const PatternV& pt, const PatternV& pf);
PatternV within(const PatternV& s, const PatternV& e, const Fn& f, const PatternV& p);
PatternV inside(const PatternV& n, const Fn& f, const PatternV& p);
PatternV outside(const PatternV& n, const Fn& f, const PatternV& p);
PatternV brak(const PatternV& p);
PatternV press(const PatternV& p);
PatternV pressBy(const PatternV& r, const PatternV& p);
PatternV range(const PatternV& lo, const PatternV& hi, const PatternV& p);
PatternV quantize(const PatternV& q, const PatternV& p);

// ---- conditions ---------------------------------------------------------------------------
PatternV every(const PatternV& n, const Fn& f, const PatternV& p);
PatternV everyOffset(const PatternV& n, const PatternV& o, const Fn& f, const PatternV& p);
PatternV whenmod(const PatternV& a, const PatternV& b, const Fn& f, const PatternV& p);
PatternV firstOf(const PatternV& n, const Fn& f, const PatternV& p);
PatternV lastOf(const PatternV& n, const Fn& f, const PatternV& p);
PatternV foldEvery(const std::vector<PatternV>& ns, const Fn& f, const PatternV& p);
PatternV whenTrue(const PatternV& bools, const Fn& f, const PatternV& p); // `when`/`while`
PatternV chunk(const PatternV& n, const Fn& f, const PatternV& p);
PatternV chunkBack(const PatternV& n, const Fn& f, const PatternV& p);

// ---- randomness ---------------------------------------------------------------------------
PatternV degradeBy(const PatternV& amount, const PatternV& p);
PatternV undegradeBy(const PatternV& amount, const PatternV& p);
PatternV degrade(const PatternV& p);
PatternV undegrade(const PatternV& p);
PatternV degradeSeed(const PatternV& seed, const PatternV& p);
/// degradeBy with the seed-k stream rand(t + 0.0003·k) (mini-notation `?`).
PatternV degradeByWithSeed(double amount, int seed, const PatternV& p);
PatternV sometimesBy(const PatternV& amount, const Fn& f, const PatternV& p);
PatternV someCyclesBy(const PatternV& amount, const Fn& f, const PatternV& p);
PatternV shuffle(const PatternV& n, const PatternV& p);
PatternV scramble(const PatternV& n, const PatternV& p);
PatternV humanize(const PatternV& t, const PatternV& v, const PatternV& p); // †
PatternV stripe(const PatternV& n, const PatternV& p);

// ---- layering -------------------------------------------------------------------------------
PatternV off(const PatternV& t, const Fn& f, const PatternV& p);
PatternV superimpose(const std::vector<Fn>& fs, const PatternV& p);
PatternV layer(const std::vector<Fn>& fs, const PatternV& p);
PatternV jux(const Fn& f, const PatternV& p);                           // †
PatternV juxBy(const PatternV& amount, const Fn& f, const PatternV& p); // †
PatternV ghostWith(const PatternV& a, const Fn& f, const PatternV& p);
PatternV ghost(const PatternV& p);                                                       // †
PatternV spin(const PatternV& n, const PatternV& p);                                     // †
PatternV weave(const PatternV& t, const PatternV& ctl, const std::vector<PatternV>& ps); // †
PatternV plyWith(const PatternV& n, const Fn& f, const PatternV& p);
PatternV echoWith(const PatternV& n, const PatternV& t, const Fn& f, const PatternV& p);

// ---- samples and controls (†) -------------------------------------------------------------
PatternV chop(const PatternV& n, const PatternV& p);
PatternV striate(const PatternV& n, const PatternV& p);
PatternV slice(const PatternV& n, const PatternV& i, const PatternV& p);
PatternV splice(const PatternV& n, const PatternV& i, const PatternV& p);
PatternV loopAt(const PatternV& n, const PatternV& p);
PatternV legato(const PatternV& x, const PatternV& p);
PatternV dur(const PatternV& s, const PatternV& p);
PatternV chew(const PatternV& n, const PatternV& i, const PatternV& p);
PatternV gap(const PatternV& n, const PatternV& p);
/// `# name value`: sets a control, structure from p (a word pattern is promoted to `s`).
PatternV setControl(const std::string& name, const PatternV& value, const PatternV& p);
/// A control pattern {name: v} from a pattern of values.
PatternV controlPattern(const std::string& name, const PatternV& values);

// ---- cycles ---------------------------------------------------------------------------------
PatternV repeatCycles(const PatternV& n, const PatternV& p);
PatternV ribbon(const PatternV& offset, const PatternV& cycles, const PatternV& p);
PatternV bite(const PatternV& n, const PatternV& i, const PatternV& p);
PatternV focus(const PatternV& b, const PatternV& e, const PatternV& p);
PatternV trunc(const PatternV& f, const PatternV& p);
PatternV trim(const PatternV& b, const PatternV& e, const PatternV& p);
PatternV fit(const PatternV& step, const std::vector<Value>& values, const PatternV& p);
PatternV reset(const PatternV& bools, const PatternV& p);
PatternV restart(const PatternV& bools, const PatternV& p);
PatternV smooth(const PatternV& p);

// ---- values (LANGUAGE §3.7): `|+` … with a structure ---------------------------------------
PatternV arithmetic(ArithOp op, Structure s, const PatternV& a, const PatternV& b);
/// `|>` (right values) and `|<` (left values) with a structure.
PatternV setValues(Structure s, const PatternV& a, const PatternV& b);
PatternV keepValues(Structure s, const PatternV& a, const PatternV& b);
/// Applies a function of numbers pointwise (`exp`, `sqrt` …, §7.8).
PatternV mapNumbers(const std::function<double(double)>& f, const PatternV& p);
/// Note names to MIDI numbers (`c4` → 60); numbers pass.
PatternV toMidi(const PatternV& p);

// ---- pattern-building functions --------------------------------------------------------------
PatternV run(const PatternV& n);
PatternV scan(const PatternV& n);
PatternV irand(const PatternV& n);
PatternV rand();
PatternV choose(const std::vector<Value>& values);
PatternV wchoose(const std::vector<std::pair<Value, double>>& weighted);
PatternV cosine();
PatternV cat(const std::vector<PatternV>& ps);
PatternV fastcat(const std::vector<PatternV>& ps);
PatternV stack(const std::vector<PatternV>& ps);
PatternV timeCat(const std::vector<std::pair<Rational, PatternV>>& parts);
PatternV wedge(const PatternV& t, const PatternV& p1, const PatternV& p2);
PatternV binaryN(const PatternV& bits, const PatternV& n);
PatternV binary(const PatternV& n);
PatternV everyVal(const PatternV& n, const Value& on, const Value& off);
PatternV whenmodVal(const PatternV& a, const PatternV& b, const Value& on, const Value& off);
PatternV sometimesByVal(const PatternV& p, const Value& on, const Value& off);
PatternV walk(const PatternV& s);

// ---- value maps (LANGUAGE §7.2) ----------------------------------------------------------------
/// The steps of a scale (`major`, `dorian` …, aliases included); empty if unknown.
const std::vector<int>& scaleSteps(const std::string& name);
/// Every scale name, for error messages.
std::string scaleNames();
/// Degrees to semitones in the scale named by `names` (sampled at each event, structure from
/// `p`), on numbers or on the `n`/`note` controls; an unknown name is `chromatic`.
PatternV scale(const PatternV& names, const PatternV& p);
/// Each event becomes a stack of its value plus each interval of the chord quality that
/// `qualities` names at it (structure from `p`); on control maps, of its `note` or `n`.
PatternV chord(const PatternV& qualities, const PatternV& p);
/// Bjorklund's pulse list (LANGUAGE §5.2).
std::vector<bool> bjorklund(int k, int n);
/// k pulses of n rotated left by r as a pattern of booleans (off-steps are false events, or
/// none with `pulsesOnly`). More than 1 000 000 steps throws PatternLimitError.
PatternV euclidBools(int64_t k, int64_t n, int64_t r, bool pulsesOnly = false);

/// Combines argument patterns: the callback gets one value per argument (constant arguments
/// directly; patterned ones per event, structure from the first, inner join).
PatternV withArgs(const std::vector<PatternV>& args,
                  const std::function<PatternV(const std::vector<Value>&)>& f);

} // namespace phonon::pattern
