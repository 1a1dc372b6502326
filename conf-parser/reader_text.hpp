// Text that remembers the source column of every byte, and the lexical steps of the reader:
// comment stripping, trimming and word splitting (keepalived-surface.md §1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf-parser/source.hpp"

namespace vrrp::conf::detail {

/// A string plus the 1-based physical column each byte came from. Substituted text carries
/// the column of its use site, so words made from it point at the `$`. Most lines are never
/// substituted: while the text is one unbroken piece of its physical line, the columns are
/// implied (`first_col` + offset) and `cols` stays empty, which saves a vector per line.
struct MappedText {
  std::string text;
  std::vector<int> cols;  // one per byte of `text`, or empty while implied
  int first_col = 1;      // column of text[0] while `cols` is implied

  static MappedText physical(std::string_view s);  // columns 1..n
  std::size_t size() const { return text.size(); }
  bool empty() const { return text.empty(); }
  /// Column of byte i; one past the end maps just after the last byte; 1 for empty text.
  int col_at(std::size_t i) const;
  MappedText substr(std::size_t pos, std::size_t n = std::string::npos) const;
  /// Keep bytes [pos, pos+n) in place.
  void keep(std::size_t pos, std::size_t n);
  void append(const MappedText& other);
  void append(std::string_view s, int col);
  /// Replace [pos, pos+n) by `s`, every new byte taking column `col`.
  void replace(std::size_t pos, std::size_t n, std::string_view s, int col);

 private:
  void make_explicit();
};

/// Blanks separate words: space, tab and the stray CR/VT/FF of foreign editors.
bool is_blank(char c);
bool is_ident_start(char c);
bool is_ident_char(char c);

// By value: the usual caller passes a temporary, which is then trimmed in place.
MappedText trim(MappedText t);
MappedText trim_left(MappedText t);

/// Cut the text at the first `#` or `!` outside double quotes; `\#` and `\!` outside quotes
/// become the literal character.
MappedText strip_comment(MappedText t);

struct SplitResult {
  std::vector<Word> words;
  std::optional<int> unbalanced_quote_col;  // column of a `"` that is never closed
};

/// `[A-Za-z_][A-Za-z0-9_]*`, the shape of a parameter name.
bool valid_name(std::string_view s);
std::string trim_str(std::string_view s);
/// Comma-separated items, each trimmed of blanks.
std::vector<std::string> split_commas(std::string_view s);
/// Whole-string integer with optional sign, strtol(..., 0) style: 0x.. hex, leading 0 octal.
std::optional<std::int64_t> parse_int(const std::string& s);

/// Split into words: blanks separate, `"..."` groups (quotes removed, `"a"b` is two words),
/// `{` and `}` outside quotes are words of their own. An unclosed quote runs to the end.
SplitResult split_words(const MappedText& t, const SourceFile& file, int line);

}  // namespace vrrp::conf::detail
