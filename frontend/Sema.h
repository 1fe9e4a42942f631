// Sema's private header: the class that turns the AST into IR (LANGUAGE §2–8), its `Value` (the
// kind of a lowered expression, §3.4) and its state. The member functions are defined by concern,
// one file each, as the banners below say: Sema.cpp runs the passes in order; SemaDecl.cpp
// collects the definitions and resolves buses; SemaTemplate.cpp expands user functions and
// templates; SemaFeedback.cpp finds and lowers feedback; SemaConstant.cpp evaluates constant
// expressions; SemaExpr.cpp lowers expressions, operators and nodes; SemaPattern.cpp builds
// patterns and transforms; SemaFunction.cpp builds and applies function values; SemaCall.cpp
// matches calls to nodes, transforms and functions; SemaControl.cpp builds control patterns;
// SemaOutput.cpp lowers the outputs. Only frontend/ includes it.
#pragma once

#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/pattern/Ops.h"
#include "phonon/pattern/Transforms.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace phonon::sema {

using nodes::NodeInfo;

/// The kind of a lowered expression (LANGUAGE §3.4).
struct Value {
  enum Kind { Invalid, Number, Signal, Pattern, Function };
  Value() = default;
  Value(Kind k, ir::ValueId i) : kind(k), id(i) {}
  Kind kind = Invalid;
  ir::ValueId id = 0; ///< Number, Signal: the IR value
  /// Number: its exact value when it is a constant expression of literals (`(1/3)`), which
  /// patterns take instead of the float (LANGUAGE §6.1: time arguments are exact).
  std::optional<Rational> exact;
  pattern::PatternExprPtr expr; ///< Pattern: a pattern not yet turned into a signal
  SourceRange range;            ///< Pattern: where it was written
  /// Pattern: the controls its values hold when it is a control pattern (LANGUAGE §8.3);
  /// empty for patterns of plain values.
  std::set<std::string> controls;
  /// Pattern: its atoms are words, not numbers (a string such as "bd sn").
  bool words = false;
  /// Pattern: the string literal it was read from, to read again where its atoms are typed.
  const ast::String* string = nullptr;
  bool ok() const { return kind != Invalid; }
  bool isControl() const { return kind == Pattern && !controls.empty(); }
  /// A control pattern with a sound: realized as voices where audio is expected (§8.2).
  /// Samples have `s`, synth voices (`synth`, `*_trig`) `wave`.
  bool isSound() const {
    return kind == Pattern && (controls.count("s") || controls.count("wave"));
  }
};

// SemaExpr.cpp
Value patternValue(pattern::PatternExprPtr expr, SourceRange range);
pattern::ArithOp arithOpOf(ast::OpKind kind);
const NodeInfo* operatorNode(ast::OpKind kind);
pattern::ArithOp arithOpOf(const NodeInfo* node);
std::optional<ast::OpKind> arithmeticOperatorOfNode(std::string_view node);
pattern::PatternExpr::Kind patternKindOf(ast::OpKind kind);
const char* shiftTransformOf(ast::OpKind kind);
uint32_t fnv1a(std::string_view s);

// SemaPattern.cpp
pattern::PatternArg patternArg(pattern::PatternExprPtr p);
pattern::PatternArg functionArg(pattern::PatternFnPtr f);
const pattern::OpInfo* pointwiseMath(const std::string& name);

// SemaFunction.cpp
bool isConditionalForm(const std::string& name);
bool isEffectForm(const std::string& name);

// SemaCall.cpp
const char* tidalEquivalent(const std::string& name);
bool isPluginName(const std::string& name);
std::string formatNumber(float v);
std::string signatureOf(const NodeInfo& n);
bool isNumberLiteral(const ast::Expr& e);

// SemaControl.cpp
bool isControlName(const std::string& name);
/// `synth` and the `*_trig` sources: sound patterns of synth voices, not nodes (§7.2, §8.4).
bool isSynthVoices(const NodeInfo& node);

// SemaOutput.cpp
bool isOutputName(const std::string& s);

class Sema {
public:
  Sema(const ast::Program& p, const SourceFile& f, DiagnosticEngine& d);
  std::optional<ir::Module> run();
  /// The graph of bus `bus` as a voice template (LANGUAGE §8.4): a patch whose main mix is the
  /// bus's value, every pitch parameter multiplied by `voice.pitch`.
  std::optional<ir::Module> runVoiceTemplate(const std::string& bus);
  /// The buses that keep state and that bus voices read (LANGUAGE §8.4: shared by every
  /// voice) as one graph, stem k computing buses[k].
  std::optional<ir::Module> runVoiceShared(const std::vector<std::string>& buses);

private:
  struct BusDef {
    const ast::Stmt* stmt = nullptr;
    enum State { Unvisited, InProgress, Done } state = Unvisited;
    Value value;
    std::set<std::string> references; ///< buses its definition reads
  };

  /// What a parameter of a user function is bound to in one call: a value, evaluated once, or
  /// a function argument (a transform, an effect, a section), kept as written with its scope.
  struct Scope;

  struct Binding {
    Value value;
    const ast::Expr* function = nullptr;
    std::shared_ptr<const Scope> scope;
  };

  struct Scope {
    std::map<std::string, Binding> names;
  };

  /// One step of a function value, applied to a subject.
  struct FnStep {
    enum Kind { PatternTransform, Effect, Section, Conditional } kind = PatternTransform;
    pattern::PatternFnPtr patternFn;       ///< PatternTransform; Conditional: the condition
    const ast::Expr* effect = nullptr;     ///< Effect: a node call with its input omitted
    const ast::Section* section = nullptr; ///< Section
    SourceRange range;
    std::shared_ptr<const Scope> scope; ///< the parameters `effect` and `section` see
    /// Conditional (LANGUAGE §3.6): the effects, applied where the condition holds.
    std::shared_ptr<const std::vector<FnStep>> effects;
  };

  using FunctionValue = std::vector<FnStep>; ///< applied first to last

  /// What the pattern arguments of kind `a` (Ops.h) of a transform bring to its result: their
  /// controls, and whether they are words too.
  struct ArgumentPatterns {
    std::set<std::string> controls;
    bool words = true;
  };

  /// Runs `f` with `scope` as the current parameter scope.
  template <class F> auto inScope(std::shared_ptr<const Scope> scope, F&& f) {
    std::shared_ptr<const Scope> saved = std::exchange(scope_, std::move(scope));
    auto result = f();
    scope_ = std::move(saved);
    return result;
  }

  /// `f(body)` for the body of the template used at `use`, or `fallback` if there is none.
  template <class F, class R> R expandTemplate(const ast::Expr& use, F&& f, R fallback) {
    const std::string& name = ast::as<ast::Template>(use).name;
    const ast::Expr* body = templateBody(name, use.range);
    if (!body) return fallback;
    size_t before = diags_.diagnostics().size();
    R result = f(*body);
    noteExpansion(before, templates_.at(name)->range, use.range, "in this use of `@" + name + "`");
    return result;
  }

  // ---- SemaDecl.cpp: definitions and buses ------------------------------------------------------

  void duplicate(const ast::Stmt& s, const ast::Stmt& first, const std::string& what);
  void collectDefinitions();
  Value resolveBus(const std::string& name, SourceRange range, const std::string* fromBus);
  void markUsed(const std::string& bus);
  void warnUnusedBuses();

  // ---- SemaTemplate.cpp: user functions and templates (LANGUAGE §2.5) ---------------------------

  void collectCallees(const ast::Expr& e, const std::vector<std::string>& params,
                      std::vector<std::pair<std::string, SourceRange>>& out);
  void findDefinitionCycles();
  const Binding* parameter(const std::string& name) const;
  const ast::Expr* templateBody(const std::string& name, SourceRange at);
  void noteExpansion(size_t before, SourceRange definition, SourceRange use,
                     const std::string& what);
  static std::string fnSignature(const ast::Stmt& fn);
  Value callFunction(const ast::Stmt& fn, const std::vector<ast::Argument>& args,
                     const Value* input, SourceRange range);
  const ast::Stmt* userFunction(const std::string& name) const;

  // ---- SemaFeedback.cpp: feedback (LANGUAGE §2.3) -----------------------------------------------

  void collectBusReferences(const ast::Expr& e, std::set<std::string>& out,
                            std::set<std::string>& expanded);
  void findFeedback();
  Value feedbackRead(const std::string& bus, SourceRange at);
  void stereoFeedback(uint32_t cell, SourceRange at);
  ir::Rate rateWithoutFeedback(ir::ValueId id);
  void writeFeedback();
  bool patternFeedback(const Value& subject);

  // ---- SemaConstant.cpp: constant expressions (tempo, cycle position, buffer) -------------------

  std::optional<Rational> constant(const ast::Expr& e);
  static std::optional<Rational> exactArithmetic(ast::OpKind kind, Rational l, Rational r);
  static std::optional<Rational> exactLiteral(const ast::Number& n);
  void evaluateTempo();
  void checkBuffer(const ast::Stmt& s);
  void moveStart(const ast::Stmt& s);

  // ---- SemaExpr.cpp: expressions, operators and nodes -------------------------------------------

  ir::ValueId constant(float v, SourceRange r);
  float numberOf(ir::ValueId id);
  pattern::PatternExprPtr exprOf(const Value& v);
  Value materialize(const Value& v, pattern::SignalConversion conversion);
  static bool onEvents(const Value& l, const Value& r);
  static Value combined(pattern::PatternExprPtr e, const Value& l, const Value& r,
                        SourceRange range);
  Value arithmeticResult(pattern::PatternExprPtr e, const Value& l, const Value& r,
                         SourceRange range);
  Value realize(const Value& v);
  void wordsAsNumbers(const Value& v);
  Value binary(const NodeInfo* op, Value l, Value r, SourceRange range);
  Value negate(Value v, SourceRange range);
  static pattern::Structure structureOf(ast::OpStructure s);
  Value applyOperator(const ast::Operator& op, Value l, Value r, SourceRange range);
  Value notYet(SourceRange range, const std::string& what);
  Value lower(const ast::Expr& e);
  Value lowerWithInput(const ast::Expr& e, Value input);
  Value internalPort(const NodeInfo& node, unsigned port, const std::vector<Value>& ports);
  Value nodeValue(const NodeInfo* node, std::vector<Value> ports, SourceRange range);
  Value selectChain(const std::vector<Value>& ports, SourceRange range);
  uint32_t nextSeed();

  // ---- SemaPattern.cpp: patterns, transforms and their arguments, generators --------------------

  void playPatterns();
  static bool overlapping(pattern::PatternV::EventList& events);
  Value lowerString(const ast::String& e, pattern::AtomContext context);
  Value retyped(const Value& v, pattern::AtomContext context);
  Value lowerUntypedString(const ast::String& e);
  const pattern::OpInfo* transformNamed(const std::string& name) const;
  static bool isDualName(const std::string& name);
  static size_t transformArity(const pattern::OpInfo* op);
  static size_t transformMinArity(const pattern::OpInfo* op);
  static std::string transformSignature(const pattern::OpInfo* op);
  pattern::PatternExprPtr patternArgument(const ast::Expr& e, pattern::AtomContext context);
  pattern::PatternFnPtr transformFunction(const pattern::OpInfo* op,
                                          std::span<const ast::Argument> args, SourceRange range);
  bool transformArgument(const pattern::OpInfo* op, char kind, const ast::Expr* e,
                         const std::shared_ptr<pattern::PatternFn>& fn, pattern::PatternArg& arg);
  bool checkWordArgument(const pattern::PatternFnPtr& fn, const ast::Expr& word);
  Value wordPattern(const std::string& word, SourceRange at);
  Value listArgument(const ast::List& list);
  Value patternList(const pattern::OpInfo* op, const std::vector<ast::Argument>& args,
                    const Value* input, SourceRange range);
  static const char* generatorArgs(const std::string& name);
  std::optional<Value> generatorCall(const std::string& name,
                                     const std::vector<ast::Argument>& args, const Value* input,
                                     SourceRange range);

  // ---- SemaFunction.cpp: function values, `$` chains, conditional effects (§3.6) ----------------

  std::optional<FunctionValue> lowerFunction(const ast::Expr& e);
  std::optional<FunctionValue> lowerFunctionSteps(const ast::Expr& e);
  bool isSignalStep(const FnStep& step);
  static pattern::PatternFnPtr setToOne(pattern::PatternExprPtr operand = nullptr);
  pattern::PatternFnPtr conditionFunction(const std::string& name,
                                          const std::vector<const ast::Expr*>& patternArgs);
  std::optional<std::optional<FunctionValue>>
  conditionalForm(const std::string& name, std::span<const ast::Argument> args, SourceRange range);
  Value conditionalEffectCall(const std::string& name, const std::vector<ast::Argument>& args,
                              const Value* input, SourceRange range);
  Value applyConditional(const FnStep& step, Value subject, SourceRange range);
  pattern::PatternFnPtr sectionFunction(const ast::Section& s);
  const pattern::OpInfo* pointwiseMathStep(const FnStep& step);
  pattern::PatternFnPtr patternFunction(const ast::Expr& e);
  Value applyPatternFn(pattern::PatternFnPtr fn, Value subject, SourceRange range);
  Value applyFunction(const FunctionValue& f, Value subject, const ast::Expr* subjectExpr,
                      SourceRange range);
  void transformOnSignal(const FnStep& step, const ast::Expr* subjectExpr);
  bool isFunctionOperand(const ast::Expr& e);
  bool nodeCallWithInput(const ast::Expr& e);
  bool callsUnknownName(const ast::Expr& e);
  bool reportUnknownOperand(const ast::Dollar& d);
  Value lowerDollar(const ast::Dollar& d);

  // ---- SemaCall.cpp: calls of nodes, transforms and functions -----------------------------------

  void unknownFunction(const std::string& name, SourceRange nameRange);
  std::vector<std::string> callableNames() const;
  static bool takesSignalInput(const NodeInfo& node);
  Value lowerArgument(const ast::Expr& e, const nodes::PortInfo& port, const std::string& node);
  Value wordIndexPattern(const ast::String& e, const nodes::PortInfo& port,
                         const std::string& node);
  Value constantArgument(const ast::Expr& e, const nodes::PortInfo& port, const std::string& node);
  Value call(const std::string& name, SourceRange nameRange, const std::vector<ast::Argument>& args,
             const Value* input, SourceRange range);

  // ---- SemaControl.cpp: controls (LANGUAGE §3.5, §8.3) ------------------------------------------

  Value controlOf(const std::string& control, const ast::Expr& valueExpr);
  bool checkBusVoices(const pattern::PatternExpr& e);
  bool buildVoiceTemplate(const std::string& bus, SourceRange at);
  Value voicePitch();
  bool keepsState(ir::ValueId id) const;
  Value sharedBusInput(const std::string& bus, const Value& v, SourceRange at);
  void buildVoiceShared();
  Value synthVoices(const NodeInfo& node, const std::vector<Value>& ports, SourceRange range);
  void addWaveTemplate(const std::string& wave, SourceRange at);
  Value setControls(const Value& l, const Value& r, SourceRange range);
  std::optional<Value> controlCall(const std::string& name, SourceRange nameRange,
                                   const std::vector<ast::Argument>& args, const Value* input,
                                   SourceRange range);

  // ---- SemaOutput.cpp: outputs (LANGUAGE §2.4) --------------------------------------------------

  Value unaryNode(const char* name, Value x, SourceRange at);
  Value lowerAudio(const ast::Expr& e);
  /// Adds `v` to the main mix; returns it materialized (for its stem).
  Value addOutput(Value v, SourceRange loc);
  void addStem(Value v, int index, SourceRange loc);
  std::set<int> mutedOutputs();
  void lowerOutputs();

  // ---- state, shared by the files above
  // -----------------------------------------------------------

  const ast::Program& program_;
  const SourceFile& file_;
  DiagnosticEngine& diags_;
  ir::Module module_;
  const ast::Stmt* tempo_ = nullptr;
  std::map<int, const ast::Stmt*> outputs_;
  std::vector<const ast::Stmt*> commands_;
  const ast::Stmt* outmix_ = nullptr;
  std::map<std::string, BusDef> buses_;
  std::map<std::string, const ast::Stmt*> functions_;
  std::map<std::string, const ast::Stmt*> templates_;
  std::shared_ptr<const Scope> scope_; ///< the parameters of the function being expanded
  std::vector<std::string> busOrder_;
  std::set<std::string> broken_;
  std::set<std::string> used_;
  std::set<std::string> outReferences_;
  std::vector<std::string> busStack_;
  std::map<std::string, size_t> busIndex_;  ///< source order of the buses
  std::map<std::string, size_t> component_; ///< strongly connected component of each bus
  std::set<std::pair<std::string, std::string>> delayed_; ///< (from, to) read a sample late
  std::string soundControl_;        ///< `s` or `sound` while its argument is lowered, for hints
  std::set<ir::ValueId> perSample_; ///< results of `~+ ~- ~* ~/`: signals by the writer's choice
  std::map<std::string, uint32_t> feedbackCells_;
  std::map<std::string, SourceRange> feedbackUses_; ///< the first late read of each bus
  std::map<std::pair<const pattern::PatternExpr*, pattern::SignalConversion>, ir::ValueId>
      materialized_;
  std::optional<ir::ValueId> tempoValue_; ///< the module's tempo instruction, made at its first use
  const std::string* currentBus_ = nullptr;
  /// Set while lowering a voice template's graph: the bus it plays (runVoiceTemplate).
  std::string voiceBus_;
  std::optional<ir::ValueId> voicePitch_; ///< its voice.pitch, made at the first pitch port
  std::set<std::string> voiceTemplates_;  ///< buses whose template module_ holds (or failed)
  /// The buses the voices share, in input order: the patch's own list, which the Semas of its
  /// templates add to (voiceSharedBuses_ points at it there).
  std::vector<std::string> sharedBuses_;
  std::vector<std::string>* voiceSharedBuses_ = &sharedBuses_;
  bool voiceShared_ = false;               ///< lowering the shared buses' graph (runVoiceShared)
  std::string constantWhat_ = "the tempo"; ///< what a constant expression sets, for errors
  bool chainPart_ = false; ///< lowering the right of a `#`, where controls are functions
  std::string identity_;
  uint32_t position_ = 0;
  std::map<pattern::PatternFnPtr, ArgumentPatterns> argumentPatterns_;
};

} // namespace phonon::sema
