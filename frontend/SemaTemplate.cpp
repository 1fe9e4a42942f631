// User functions and templates (LANGUAGE §2.5): the functions and templates each definition
// calls, recursion and template cycles reported before anything is lowered; parameter scopes;
// template expansion and user function calls (argument matching, then the body lowered afresh),
// with a note on every diagnostic inside pointing at the use that expanded it.
#include "Sema.h"

#include <algorithm>
#include <functional>

namespace phonon::sema {

/// The functions (`fn f`) and templates (`@t`) an expression refers to; `params` are names
/// that mean a parameter there, not a function.
void Sema::collectCallees(const ast::Expr& e, const std::vector<std::string>& params,
                          std::vector<std::pair<std::string, SourceRange>>& out) {
  auto named = [&](const std::string& name, SourceRange at) {
    if (std::find(params.begin(), params.end(), name) == params.end() && functions_.count(name))
      out.push_back({"fn " + name, at});
  };
  if (e.kind == ast::ExprKind::Template)
    out.push_back({"@" + ast::as<ast::Template>(e).name, e.range});
  else if (e.kind == ast::ExprKind::Name)
    named(ast::as<ast::Name>(e).name, e.range);
  else if (e.kind == ast::ExprKind::Call)
    named(ast::as<ast::Call>(e).callee, ast::as<ast::Call>(e).calleeRange);
  ast::forEachChild(e, [&](const ast::Expr& child) { collectCallees(child, params, out); });
}

/// Recursion through functions and cycles through templates are errors (LANGUAGE §2.5); the
/// definitions on a cycle are marked broken so that their uses report nothing more.
void Sema::findDefinitionCycles() {
  std::map<std::string, const ast::Stmt*> defs;
  for (const auto& [name, stmt] : functions_) defs["fn " + name] = stmt;
  for (const auto& [name, stmt] : templates_) defs["@" + name] = stmt;
  std::map<std::string, std::vector<std::pair<std::string, SourceRange>>> edges;
  for (const auto& [key, stmt] : defs) {
    static const std::vector<std::string> none;
    collectCallees(*stmt->values[0], stmt->kind == ast::StmtKind::Fn ? stmt->params : none,
                   edges[key]);
  }
  std::map<std::string, int> state; // 0 unvisited, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::function<void(const std::string&)> visit = [&](const std::string& key) {
    state[key] = 1;
    stack.push_back(key);
    for (const auto& [callee, at] : edges[key]) {
      if (!defs.count(callee)) continue;
      if (state[callee] == 1) {
        auto begin = std::find(stack.begin(), stack.end(), callee);
        std::string path;
        for (auto it = begin; it != stack.end(); ++it) {
          path += (it->rfind("fn ", 0) == 0 ? it->substr(3) : *it) + " → ";
          broken_.insert(*it);
        }
        path += callee.rfind("fn ", 0) == 0 ? callee.substr(3) : callee;
        bool isFn = callee.rfind("fn ", 0) == 0;
        auto& d = diags_.error(at, isFn ? "function `" + callee.substr(3) +
                                              "` calls itself (recursion is not allowed)"
                                        : "template `" + callee + "` uses itself");
        DiagnosticEngine::note(d, "the definitions form a loop: " + path);
      } else if (state[callee] == 0) {
        visit(callee);
      }
    }
    stack.pop_back();
    state[key] = 2;
  };
  for (const auto& [key, stmt] : defs)
    if (state[key] == 0) visit(key);
}

const Sema::Binding* Sema::parameter(const std::string& name) const {
  if (!scope_) return nullptr;
  auto it = scope_->names.find(name);
  return it == scope_->names.end() ? nullptr : &it->second;
}

/// The body of template `@name`, or nullptr after reporting why there is none.
const ast::Expr* Sema::templateBody(const std::string& name, SourceRange at) {
  if (broken_.count("@" + name)) return nullptr;
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    auto& d = diags_.error(at, "unknown template `@" + name + "`");
    std::vector<std::string> names;
    for (const auto& [t, stmt] : templates_) names.push_back(t);
    std::string suggestion = closestMatch(name, names);
    if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `@" + suggestion + "`?");
    return nullptr;
  }
  return it->second->values[0].get();
}

/// Notes, on the diagnostics reported since `before` about `definition`, the use that
/// expanded it (a function call or a template use).
void Sema::noteExpansion(size_t before, SourceRange definition, SourceRange use,
                         const std::string& what) {
  for (size_t i = before; i < diags_.diagnostics().size(); ++i) {
    Diagnostic& d = diags_.pending(i);
    if (d.hasRange && d.range.begin >= definition.begin && d.range.end <= definition.end)
      DiagnosticEngine::note(d, use, what);
  }
}

std::string Sema::fnSignature(const ast::Stmt& fn) {
  std::string s = "fn " + fn.name;
  for (const std::string& p : fn.params) s += " " + p;
  return s;
}

/// A call of user function `fn` (LANGUAGE §2.5): the arguments are evaluated once and bound
/// to the parameters (the first may come from `#` or `$`), then the body is lowered afresh.
Value Sema::callFunction(const ast::Stmt& fn, const std::vector<ast::Argument>& args,
                         const Value* input, SourceRange range) {
  if (broken_.count("fn " + fn.name)) return {};
  size_t k = fn.params.size();
  auto scope = std::make_shared<Scope>();
  std::vector<bool> given(k, false);
  size_t next = 0;
  bool ok = true;
  if (input) {
    if (k == 0) {
      auto& d = diags_.error(range, "`" + fn.name + "` has no parameters, so it has no input");
      DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
      return {};
    }
    scope->names[fn.params[0]].value = *input;
    if (!input->ok()) ok = false;
    given[0] = true;
    next = 1;
  }
  for (const ast::Argument& arg : args) {
    size_t index = next;
    if (!arg.keyword.empty()) {
      auto it = std::find(fn.params.begin(), fn.params.end(), arg.keyword);
      if (it == fn.params.end()) {
        auto& d = diags_.error(arg.keywordRange,
                               "`" + fn.name + "` has no parameter `" + arg.keyword + "`");
        std::string suggestion = closestMatch(arg.keyword, fn.params);
        if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
        DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
        return {};
      }
      index = static_cast<size_t>(it - fn.params.begin());
      if (given[index]) {
        diags_.error(arg.keywordRange,
                     "parameter `" + arg.keyword + "` of `" + fn.name + "` is given twice");
        return {};
      }
    } else {
      if (next >= k) {
        auto& d = diags_.error(arg.value->range, "too many arguments to `" + fn.name + "`");
        DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
        return {};
      }
      ++next;
    }
    Binding& b = scope->names[fn.params[index]];
    if (isFunctionOperand(*arg.value)) {
      b.function = arg.value.get();
      b.scope = scope_;
    } else {
      b.value = lower(*arg.value);
      if (!b.value.ok()) ok = false;
    }
    given[index] = true;
  }
  for (size_t i = 0; i < k; ++i)
    if (!given[i]) {
      auto& d =
          diags_.error(range, "`" + fn.name + "` is missing its argument `" + fn.params[i] + "`");
      DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
      return {};
    }
  if (!ok) return {};
  size_t before = diags_.diagnostics().size();
  Value v = inScope(scope, [&] { return lower(*fn.values[0]); });
  noteExpansion(before, fn.range, range, "in this call of `" + fn.name + "`");
  return v;
}

/// The user function `name`, unless a parameter of that name hides it.
const ast::Stmt* Sema::userFunction(const std::string& name) const {
  if (parameter(name)) return nullptr;
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second;
}

} // namespace phonon::sema
