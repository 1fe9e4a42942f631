#include "phonon/support/Source.h"

#include <algorithm>
#include <ostream>

namespace phonon {

namespace {

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Lines longer than this are shown as a window around the caret.
constexpr uint32_t kMaxShownColumns = 160;

} // namespace

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

LineCol SourceFile::lineCol(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - lineStarts_.begin());
  uint32_t col = 1;
  for (uint32_t i = lineStarts_[line - 1]; i < offset; ++i)
    if (!isContinuationByte(text_[i])) ++col;
  return {line, col};
}

std::string_view SourceFile::lineText(uint32_t line) const {
  uint32_t begin = lineStarts_[line - 1];
  uint32_t end =
      line < lineStarts_.size() ? lineStarts_[line] - 1 : static_cast<uint32_t>(text_.size());
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

Diagnostic& DiagnosticEngine::error(SourceRange range, std::string message) {
  diags_.push_back({Severity::Error, true, range, std::move(message), {}});
  return diags_.back();
}

Diagnostic& DiagnosticEngine::warning(SourceRange range, std::string message) {
  diags_.push_back({Severity::Warning, true, range, std::move(message), {}});
  return diags_.back();
}

Diagnostic& DiagnosticEngine::error(std::string message) {
  diags_.push_back({Severity::Error, false, {}, std::move(message), {}});
  return diags_.back();
}

Diagnostic& DiagnosticEngine::warning(std::string message) {
  diags_.push_back({Severity::Warning, false, {}, std::move(message), {}});
  return diags_.back();
}

Diagnostic& DiagnosticEngine::note(Diagnostic& d, std::string message) {
  d.notes.push_back({DiagnosticNote::Note, std::move(message), false, {}});
  return d;
}

Diagnostic& DiagnosticEngine::note(Diagnostic& d, SourceRange range, std::string message) {
  d.notes.push_back({DiagnosticNote::Note, std::move(message), true, range});
  return d;
}

Diagnostic& DiagnosticEngine::help(Diagnostic& d, std::string message) {
  d.notes.push_back({DiagnosticNote::Help, std::move(message), false, {}});
  return d;
}

unsigned DiagnosticEngine::errorCount() const {
  unsigned n = flushedErrors_;
  for (const Diagnostic& d : diags_)
    if (d.severity == Severity::Error) ++n;
  return n;
}

void DiagnosticEngine::formatLocated(std::string& out, std::string_view kind, SourceRange range,
                                     const std::string& message, bool showSourceLine) const {
  LineCol lc = file_->lineCol(range.begin);
  out += file_->name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": ";
  out += kind;
  out += ": " + message + "\n";
  if (!showSourceLine) return;

  std::string_view line = file_->lineText(lc.line);
  uint32_t lineBegin = file_->lineStart(lc.line);
  uint32_t caret = range.begin - lineBegin;
  uint32_t caretEnd = std::max(
      caret + 1, std::min<uint32_t>(range.end - lineBegin, static_cast<uint32_t>(line.size())));
  // Show a window of a very long line so that a 10 MB line prints 160 columns, not 10 MB.
  uint32_t from = 0;
  std::string prefix;
  if (line.size() > kMaxShownColumns) {
    from = caret > kMaxShownColumns / 2 ? caret - kMaxShownColumns / 2 : 0;
    while (from > 0 && isContinuationByte(line[from])) --from;
    uint32_t to = std::min<uint32_t>(static_cast<uint32_t>(line.size()), from + kMaxShownColumns);
    while (to < line.size() && isContinuationByte(line[to])) ++to;
    if (from > 0) prefix = "...";
    out += prefix + std::string(line.substr(from, to - from)) + (to < line.size() ? "...\n" : "\n");
    caretEnd = std::min(caretEnd, to);
  } else {
    out += std::string(line) + "\n";
  }
  std::string marker(prefix.size(), ' ');
  for (uint32_t i = from; i < caret && i < line.size(); ++i) {
    if (isContinuationByte(line[i])) continue;
    marker += line[i] == '\t' ? '\t' : ' ';
  }
  marker += '^';
  for (uint32_t i = caret + 1; i < caretEnd; ++i)
    if (!isContinuationByte(line[i])) marker += '~';
  out += marker + "\n";
}

std::string DiagnosticEngine::format(const Diagnostic& d) const {
  std::string out;
  std::string_view kind = d.severity == Severity::Error ? "error" : "warning";
  if (d.hasRange && file_) {
    formatLocated(out, kind, d.range, d.message, d.showSourceLine);
  } else {
    out += (file_ ? file_->name() + ": " : std::string("phonon: "));
    out += std::string(kind) + ": " + d.message + "\n";
  }
  for (const DiagnosticNote& n : d.notes) {
    std::string_view nk = n.kind == DiagnosticNote::Note ? "note" : "help";
    if (n.hasRange && file_)
      formatLocated(out, nk, n.range, n.message, true);
    else
      out += std::string(nk) + ": " + n.message + "\n";
  }
  return out;
}

void DiagnosticEngine::flush(std::ostream& os) {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.hasRange != b.hasRange) return !a.hasRange; // file-level messages first
    return a.range.begin < b.range.begin;
  });
  for (const Diagnostic& d : diags_) {
    os << format(d);
    if (d.severity == Severity::Error) ++flushedErrors_;
  }
  diags_.clear();
  os.flush();
}

namespace {

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters (`lfp` → `lpf`) each cost one.
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

} // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return {};
  std::string best;
  size_t bestDistance = SIZE_MAX;
  for (const std::string& c : candidates) {
    size_t d = editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // Suggest only plausible typos: at most a third of the word wrong (and at least one edit).
  size_t limit = std::max<size_t>(1, (word.size() + 2) / 3);
  return bestDistance <= limit ? best : std::string();
}

} // namespace phonon
