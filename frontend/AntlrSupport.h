// Shared by the two ANTLR-based parsers (Parser.cpp, MiniParser.cpp).
#pragma once

#include "antlr4-runtime.h"

#include "phonon/support/Source.h"

#include <string>
#include <vector>

namespace phonon {

/// Maps ANTLR's code-point indices to byte offsets in a UTF-8 text, plus a base offset (where
/// the text starts in its file).
class OffsetMap {
public:
  explicit OffsetMap(std::string_view text, uint32_t base = 0) : base_(base) {
    for (uint32_t i = 0; i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byteOf_.push_back(i);
    byteOf_.push_back(static_cast<uint32_t>(text.size()));
  }
  uint32_t byte(size_t codePoint) const {
    return base_ + (codePoint < byteOf_.size() ? byteOf_[codePoint] : byteOf_.back());
  }
  SourceRange range(const antlr4::Token* t) const {
    if (t->getType() == antlr4::Token::EOF) return SourceRange::at(byte(t->getStartIndex()), 0);
    return {byte(t->getStartIndex()), byte(t->getStopIndex() + 1)};
  }
  SourceRange range(antlr4::ParserRuleContext* ctx) const {
    return SourceRange::cover(range(ctx->getStart()), range(ctx->getStop()));
  }
  /// The end of the text.
  uint32_t end() const { return base_ + byteOf_.back(); }

private:
  uint32_t base_;
  std::vector<uint32_t> byteOf_;
};

/// A token as an error message names it: 'text', or "end of statement".
inline std::string tokenSpelling(const antlr4::Token* t, const char* atEnd = "end of statement") {
  if (t->getType() == antlr4::Token::EOF) return atEnd;
  std::string text = t->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "'" + text + "'";
}

} // namespace phonon
