// Mini-notation text → pattern::MiniNode tree (LANGUAGE §5). Brackets are checked before
// parsing so that an unbalanced one is reported at its opening; every atom keeps its place in
// the source file; seeds are numbered in the order the parser finishes reading (§5.5).
#include "MiniParser.h"
#include "AntlrSupport.h"
#include "MiniLexer.h"

#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"

namespace phonon {

using M = phonon_mini::MiniParser;
using pattern::MiniModifier;
using pattern::MiniNode;
using pattern::MiniPtr;
using pattern::MiniStep;

namespace {

pattern::SourceLoc loc(SourceRange r) {
  return {r.begin, r.end};
}

class MiniErrorListener : public antlr4::BaseErrorListener {
public:
  MiniErrorListener(DiagnosticEngine& diags, const OffsetMap& offsets)
      : diags_(diags), offsets_(offsets) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (failed) return;
    failed = true;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::string expected;
    if (parser) {
      antlr4::misc::IntervalSet set = parser->getExpectedTokens();
      if (set.contains(static_cast<size_t>(M::NUMBER)) &&
          !set.contains(static_cast<size_t>(M::WORD)))
        expected = "a number or a pattern";
      else if (set.contains(static_cast<size_t>(M::WORD)) ||
               set.contains(static_cast<size_t>(M::NUMBER)))
        expected = "a step";
      else if (set.contains(static_cast<size_t>(M::RPAREN)) ||
               set.contains(static_cast<size_t>(M::COMMA)))
        expected = "',' or ')'";
    }
    if (offending->getType() == antlr4::Token::EOF) {
      diags_.error(SourceRange::at(offsets_.end(), 0),
                   "the pattern ends too early" +
                       (expected.empty() ? "" : ": expected " + expected));
      return;
    }
    diags_.error(offsets_.range(offending), "unexpected " + tokenSpelling(offending) +
                                                (expected.empty() ? "" : "; expected " + expected));
  }
  bool failed = false;

private:
  DiagnosticEngine& diags_;
  const OffsetMap& offsets_;
};

class TreeBuilder {
public:
  explicit TreeBuilder(const OffsetMap& offsets) : offsets_(offsets) {}

  MiniPtr layer(M::LayerContext* ctx) {
    auto seqs = ctx->sequence();
    auto seps = ctx->layerSeparator();
    if (seqs.size() == 1) return sequence(seqs[0]);
    bool choice = seps[0]->PIPE() != nullptr;
    for (M::LayerSeparatorContext* sep : seps)
      if ((sep->PIPE() != nullptr) != choice)
        throw pattern::MiniError(loc(offsets_.range(sep)),
                                 "`,` and `|` cannot be mixed in one layer");
    auto node = std::make_shared<MiniNode>();
    node->kind = choice ? MiniNode::Kind::Choice : MiniNode::Kind::Stack;
    node->loc = loc(offsets_.range(ctx));
    for (M::SequenceContext* s : seqs) node->layers.push_back(sequence(s));
    if (choice) node->seed = nextSeed_++;
    return node;
  }

  MiniPtr sequence(M::SequenceContext* ctx) {
    auto groups = ctx->steps();
    if (groups.size() == 1) return steps(groups[0]);
    // Feet: each dot-separated group is one step.
    auto node = std::make_shared<MiniNode>();
    node->kind = MiniNode::Kind::Sequence;
    node->loc = loc(offsets_.range(ctx));
    for (M::StepsContext* g : groups) {
      MiniStep step;
      step.body = steps(g);
      step.loc = loc(offsets_.range(g));
      node->steps.push_back(std::move(step));
    }
    nextSeed_++; // a feet layer takes a seed number but uses no randomness
    return node;
  }

  MiniPtr steps(M::StepsContext* ctx) {
    auto node = std::make_shared<MiniNode>();
    node->kind = MiniNode::Kind::Sequence;
    node->loc = loc(offsets_.range(ctx));
    for (M::StepContext* s : ctx->step()) {
      if (auto* t = dynamic_cast<M::TermStepContext*>(s)) {
        MiniStep step;
        step.loc = loc(offsets_.range(t));
        auto moddeds = t->modded();
        step.body = term(moddeds[0]->term());
        step.modifiers = modifiers(moddeds[0]);
        if (moddeds.size() > 1) {
          step.rangeEnd = term(moddeds[1]->term());
          step.rangeEndModifiers = modifiers(moddeds[1]);
        }
        node->steps.push_back(std::move(step));
        continue;
      }
      SourceRange r = offsets_.range(s);
      if (node->steps.empty())
        throw pattern::MiniError(loc(r), "`" + s->getText() + "` needs a step before it");
      if (dynamic_cast<M::ElongateStepContext*>(s))
        node->steps.back().extraWeight = node->steps.back().extraWeight + Rational(1);
      else
        node->steps.back().extraCopies += 1;
    }
    return node;
  }

  std::vector<MiniModifier> modifiers(M::ModdedContext* ctx) {
    std::vector<MiniModifier> mods;
    for (M::ModifierContext* m : ctx->modifier()) {
      MiniModifier mod;
      mod.loc = loc(offsets_.range(m));
      if (auto* f = dynamic_cast<M::FastModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Fast;
        mod.args.push_back(factor(f->factor()));
      } else if (auto* sl = dynamic_cast<M::SlowModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Slow;
        mod.args.push_back(factor(sl->factor()));
      } else if (auto* r = dynamic_cast<M::ReplicateModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Replicate;
        mod.amount = Rational::parseDecimal(r->BANG_COUNT()->getText().substr(1));
      } else if (auto* w = dynamic_cast<M::WeightModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Weight;
        mod.amount = Rational::parseDecimal(w->AT_WEIGHT()->getText().substr(1));
      } else if (auto* d = dynamic_cast<M::DegradeAmountModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Degrade;
        mod.amount = Rational::parseDecimal(d->QUESTION_AMOUNT()->getText().substr(1));
        mod.seed = nextSeed_++;
      } else if (dynamic_cast<M::DegradeModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Degrade;
        mod.amount = Rational(1, 2);
        mod.seed = nextSeed_++;
      } else if (auto* e = dynamic_cast<M::EuclidModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Euclid;
        for (M::SequenceContext* s : e->sequence()) mod.args.push_back(sequence(s));
      } else if (auto* t = dynamic_cast<M::TailModifierContext*>(m)) {
        mod.kind = MiniModifier::Kind::Tail;
        mod.args.push_back(term(t->term()));
      }
      mods.push_back(std::move(mod));
    }
    return mods;
  }

  MiniPtr factor(M::FactorContext* ctx) {
    if (auto* n = dynamic_cast<M::NumberFactorContext*>(ctx))
      return atom(n->NUMBER()->getSymbol(), true);
    if (auto* g = dynamic_cast<M::GroupFactorContext*>(ctx)) return layer(g->layer());
    auto* a = static_cast<M::AlternationFactorContext*>(ctx);
    return alternation(a->layer(), offsets_.range(ctx));
  }

  MiniPtr atom(antlr4::Token* t, bool number) {
    auto node = std::make_shared<MiniNode>();
    node->kind = MiniNode::Kind::Atom;
    node->loc = loc(offsets_.range(t));
    node->text = t->getText();
    node->isNumber = number;
    return node;
  }

  MiniPtr alternation(M::LayerContext* layerCtx, SourceRange range) {
    MiniPtr inner = layer(layerCtx);
    auto node = std::make_shared<MiniNode>();
    node->kind = MiniNode::Kind::Alternation;
    node->loc = loc(range);
    if (inner->kind == MiniNode::Kind::Stack) {
      node->layers = inner->layers;
    } else if (inner->kind == MiniNode::Kind::Choice) {
      // A choice inside < >: one alternation layer holding the choice.
      node->layers.push_back(wrapInSequence(inner));
    } else {
      node->layers.push_back(inner);
    }
    return node;
  }

  MiniPtr wrapInSequence(MiniPtr inner) {
    auto seq = std::make_shared<MiniNode>();
    seq->kind = MiniNode::Kind::Sequence;
    seq->loc = inner->loc;
    MiniStep step;
    step.body = inner;
    step.loc = inner->loc;
    seq->steps.push_back(std::move(step));
    return seq;
  }

  MiniPtr term(M::TermContext* ctx) {
    SourceRange r = offsets_.range(ctx);
    if (auto* a = dynamic_cast<M::AtomTermContext*>(ctx)) {
      antlr4::Token* t = a->atom()->getStart();
      return atom(t, t->getType() == M::NUMBER);
    }
    if (dynamic_cast<M::RestTermContext*>(ctx)) {
      auto node = std::make_shared<MiniNode>();
      node->kind = MiniNode::Kind::Rest;
      node->loc = loc(r);
      return node;
    }
    if (auto* g = dynamic_cast<M::GroupTermContext*>(ctx)) return layer(g->layer());
    if (auto* a = dynamic_cast<M::AlternationTermContext*>(ctx)) return alternation(a->layer(), r);
    auto* p = static_cast<M::PolymeterTermContext*>(ctx);
    MiniPtr inner = layer(p->layer());
    auto node = std::make_shared<MiniNode>();
    node->kind = MiniNode::Kind::Polymeter;
    node->loc = loc(r);
    if (inner->kind == MiniNode::Kind::Stack)
      node->layers = inner->layers;
    else if (inner->kind == MiniNode::Kind::Choice)
      node->layers.push_back(wrapInSequence(inner));
    else
      node->layers.push_back(inner);
    if (p->factor()) node->stepsPerCycle = factor(p->factor());
    return node;
  }

private:
  const OffsetMap& offsets_;
  int nextSeed_ = 0;
};

/// Brackets and nesting depth, checked on tokens so that errors name the opening bracket.
bool checkBrackets(const std::vector<std::unique_ptr<antlr4::Token>>& tokens,
                   const OffsetMap& offsets, DiagnosticEngine& diags) {
  std::vector<const antlr4::Token*> open;
  auto closerOf = [](size_t type) -> size_t {
    switch (type) {
    case M::LBRACK:
      return M::RBRACK;
    case M::LANGLE:
      return M::RANGLE;
    case M::LBRACE:
      return M::RBRACE;
    case M::LPAREN:
      return M::RPAREN;
    default:
      return 0;
    }
  };
  for (const auto& t : tokens) {
    size_t type = t->getType();
    if (type == M::UNEXPECTED_CHARACTER) {
      diags.error(offsets.range(t.get()),
                  "unexpected character " + tokenSpelling(t.get()) + " in a pattern");
      return false;
    }
    if (closerOf(type)) {
      open.push_back(t.get());
      if (open.size() > FrontendLimits::kMaxNesting) {
        diags.error(offsets.range(t.get()), "pattern nested deeper than " +
                                                std::to_string(FrontendLimits::kMaxNesting) +
                                                " levels");
        return false;
      }
      continue;
    }
    if (type == M::RBRACK || type == M::RANGLE || type == M::RBRACE || type == M::RPAREN) {
      if (open.empty() || closerOf(open.back()->getType()) != type) {
        auto& d = diags.error(offsets.range(t.get()), "unmatched " + tokenSpelling(t.get()));
        if (!open.empty())
          DiagnosticEngine::note(d, offsets.range(open.back()),
                                 "the innermost open bracket is this " +
                                     tokenSpelling(open.back()));
        return false;
      }
      open.pop_back();
    }
  }
  if (!open.empty()) {
    auto& d = diags.error(offsets.range(open.back()), "unclosed " + tokenSpelling(open.back()));
    DiagnosticEngine::note(d, SourceRange::at(offsets.end(), 0), "the pattern ends here");
    return false;
  }
  return true;
}

} // namespace

pattern::MiniPtr parseMini(std::string_view text, uint32_t offset, DiagnosticEngine& diags) {
  OffsetMap offsets(text, offset);
  std::optional<antlr4::ANTLRInputStream> decoded;
  try {
    decoded.emplace(text.data(), text.size());
  } catch (const std::range_error&) {
    // Files are checked for UTF-8 first; this is text from elsewhere (textual IR, a query).
    diags.error(SourceRange::at(offset, 0), "the pattern is not valid UTF-8");
    return nullptr;
  }
  antlr4::ANTLRInputStream& input = *decoded;
  phonon_mini::MiniLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<std::unique_ptr<antlr4::Token>> tokens = lexer.getAllTokens();
  if (tokens.empty()) {
    diags.error(SourceRange::at(offset, 0), "empty pattern");
    return nullptr;
  }
  if (!checkBrackets(tokens, offsets, diags)) return nullptr;
  antlr4::ListTokenSource source(std::move(tokens));
  antlr4::CommonTokenStream stream(&source);
  M parser(&stream);
  MiniErrorListener listener(diags, offsets);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  M::MiniContext* tree = parser.mini();
  if (listener.failed) return nullptr;
  try {
    return TreeBuilder(offsets).layer(tree->layer());
  } catch (const pattern::MiniError& e) {
    diags.error(SourceRange{e.loc.begin, e.loc.end}, e.what());
    return nullptr;
  } catch (const std::exception& e) {
    diags.error(SourceRange::at(offset, 0), e.what());
    return nullptr;
  }
}

} // namespace phonon
