// Source text, locations and diagnostics in the style of a C compiler (DESIGN §1):
//   file:line:col: error: message
//   <source line>
//        ^~~~~
//   help: did you mean 'lpf'?
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace phonon {

/// A half-open byte range [begin, end) in a SourceFile.
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  static SourceRange at(uint32_t offset, uint32_t length = 1) { return {offset, offset + length}; }
  /// The smallest range covering both.
  static SourceRange cover(SourceRange a, SourceRange b) {
    return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

struct LineCol {
  uint32_t line; ///< 1-based
  uint32_t col;  ///< 1-based, in characters (UTF-8 code points)
};

class SourceFile {
public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  LineCol lineCol(uint32_t offset) const;
  /// The text of 1-based line `line`, without its newline.
  std::string_view lineText(uint32_t line) const;
  uint32_t lineStart(uint32_t line) const { return lineStarts_[line - 1]; }
  uint32_t lineCount() const { return static_cast<uint32_t>(lineStarts_.size()); }

private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> lineStarts_;
};

enum class Severity { Error, Warning };

struct DiagnosticNote {
  enum Kind { Note, Help } kind;
  std::string message;
  bool hasRange = false;
  SourceRange range; ///< a note may point at another place (e.g. the first definition)
};

struct Diagnostic {
  Severity severity;
  bool hasRange = false;
  SourceRange range;
  std::string message;
  std::vector<DiagnosticNote> notes;
  bool showSourceLine = true; ///< false where the line is not printable text
};

/// Collects diagnostics for one source file and prints them in source order.
class DiagnosticEngine {
public:
  explicit DiagnosticEngine(const SourceFile* file = nullptr) : file_(file) {}
  void setFile(const SourceFile* file) { file_ = file; }
  const SourceFile* file() const { return file_; }

  Diagnostic& error(SourceRange range, std::string message);
  Diagnostic& warning(SourceRange range, std::string message);
  /// An error about the whole file or the command line, printed without a source line.
  Diagnostic& error(std::string message);
  Diagnostic& warning(std::string message);

  static Diagnostic& note(Diagnostic& d, std::string message);
  static Diagnostic& note(Diagnostic& d, SourceRange range, std::string message);
  static Diagnostic& help(Diagnostic& d, std::string message);

  unsigned errorCount() const;
  bool hasErrors() const { return errorCount() != 0; }
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  /// The i-th pending diagnostic, to add notes after the fact (e.g. where a function was called).
  Diagnostic& pending(size_t i) { return diags_[i]; }

  /// Prints (and forgets) every pending diagnostic, sorted by position.
  void flush(std::ostream& os);
  /// Formats one diagnostic.
  std::string format(const Diagnostic& d) const;

private:
  void formatLocated(std::string& out, std::string_view kind, SourceRange range,
                     const std::string& message, bool showSourceLine) const;
  const SourceFile* file_;
  std::vector<Diagnostic> diags_;
  unsigned flushedErrors_ = 0;
};

/// The closest of `candidates` to `word` by edit distance, if close enough to suggest.
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

} // namespace phonon
