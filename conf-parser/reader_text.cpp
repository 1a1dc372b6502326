// Lexical helpers of the keepalived.conf reader: columns, comments, words.
#include "conf-parser/reader_text.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace vrrp::conf::detail {

MappedText MappedText::physical(std::string_view s) {
  MappedText t;
  t.text.assign(s);
  return t;
}

void MappedText::make_explicit() {
  if (!cols.empty() || text.empty()) return;
  cols.resize(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) cols[i] = first_col + static_cast<int>(i);
}

int MappedText::col_at(std::size_t i) const {
  if (text.empty()) return 1;
  if (cols.empty()) return first_col + static_cast<int>(std::min(i, text.size()));
  if (i < cols.size()) return cols[i];
  return cols.back() + 1;
}

MappedText MappedText::substr(std::size_t pos, std::size_t n) const {
  MappedText t;
  if (pos >= text.size()) return t;
  n = std::min(n, text.size() - pos);
  t.text = text.substr(pos, n);
  if (cols.empty()) {
    t.first_col = first_col + static_cast<int>(pos);
  } else {
    t.cols.assign(cols.begin() + static_cast<std::ptrdiff_t>(pos),
                  cols.begin() + static_cast<std::ptrdiff_t>(pos + n));
  }
  return t;
}

void MappedText::keep(std::size_t pos, std::size_t n) {
  if (pos >= text.size()) {
    *this = MappedText{};
    return;
  }
  n = std::min(n, text.size() - pos);
  text.resize(pos + n);
  text.erase(0, pos);
  if (cols.empty()) {
    first_col += static_cast<int>(pos);
  } else {
    cols.resize(pos + n);
    cols.erase(cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(pos));
  }
}

void MappedText::append(const MappedText& other) {
  if (other.empty()) return;
  if (empty()) {
    *this = other;
    return;
  }
  if (cols.empty() && other.cols.empty() && other.first_col == first_col + static_cast<int>(size())) {
    text += other.text;  // still one unbroken piece
    return;
  }
  make_explicit();
  text += other.text;
  if (other.cols.empty()) {
    for (std::size_t i = 0; i < other.size(); ++i) cols.push_back(other.first_col + static_cast<int>(i));
  } else {
    cols.insert(cols.end(), other.cols.begin(), other.cols.end());
  }
}

void MappedText::append(std::string_view s, int col) {
  if (s.empty()) return;
  make_explicit();
  text += s;
  cols.insert(cols.end(), s.size(), col);
}

void MappedText::replace(std::size_t pos, std::size_t n, std::string_view s, int col) {
  make_explicit();
  text.replace(pos, n, s);
  auto first = cols.begin() + static_cast<std::ptrdiff_t>(pos);
  cols.erase(first, first + static_cast<std::ptrdiff_t>(n));
  cols.insert(cols.begin() + static_cast<std::ptrdiff_t>(pos), s.size(), col);
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool is_ident_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

MappedText trim_left(MappedText t) {
  std::size_t b = 0;
  while (b < t.size() && is_blank(t.text[b])) ++b;
  if (b > 0) t.keep(b, std::string::npos);
  return t;
}

MappedText trim(MappedText t) {
  std::size_t b = 0;
  std::size_t e = t.size();
  while (b < e && is_blank(t.text[b])) ++b;
  while (e > b && is_blank(t.text[e - 1])) --e;
  if (b > 0 || e < t.size()) t.keep(b, e - b);
  return t;
}

MappedText strip_comment(MappedText t) {
  // Most lines have no escape: then the result is a prefix, cut in place.
  bool quoted = false;
  std::size_t i = 0;
  for (; i < t.size(); ++i) {
    const char c = t.text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '\\' && i + 1 < t.size() && (t.text[i + 1] == '#' || t.text[i + 1] == '!')) {
      break;
    } else if (!quoted && (c == '#' || c == '!')) {
      t.keep(0, i);
      return t;
    }
  }
  if (i == t.size()) return t;
  MappedText out = t.substr(0, i);
  for (; i < t.size(); ++i) {
    char c = t.text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '\\' && i + 1 < t.size() && (t.text[i + 1] == '#' || t.text[i + 1] == '!')) {
      ++i;  // the escaped comment character is kept, the backslash dropped
      c = t.text[i];
    } else if (!quoted && (c == '#' || c == '!')) {
      break;
    }
    out.append(std::string_view(&c, 1), t.col_at(i));
  }
  return out;
}

SplitResult split_words(const MappedText& t, const SourceFile& file, int line) {
  SplitResult r;
  std::size_t i = 0;
  const std::size_t n = t.size();
  // Blank runs bound the word count (quotes and braces may add or merge a few): one allocation
  // for the usual line instead of growing 1, 2, 4.
  std::size_t estimate = 1;
  for (std::size_t k = 1; k < n; ++k) estimate += is_blank(t.text[k - 1]) && !is_blank(t.text[k]);
  r.words.reserve(estimate + 1);
  auto loc_of = [&](std::size_t pos) { return SourceLocation{file, line, t.col_at(pos)}; };
  while (i < n) {
    char c = t.text[i];
    if (is_blank(c)) {
      ++i;
    } else if (c == '"') {
      std::size_t close = t.text.find('"', i + 1);
      if (close == std::string::npos) {
        r.unbalanced_quote_col = t.col_at(i);
        close = n;
      }
      r.words.push_back(Word{t.text.substr(i + 1, close - i - 1), loc_of(i), true});
      i = close == n ? n : close + 1;
    } else if (c == '{' || c == '}') {
      r.words.push_back(Word{std::string(1, c), loc_of(i), false});
      ++i;
    } else {
      std::size_t e = i;
      while (e < n && !is_blank(t.text[e]) && t.text[e] != '"' && t.text[e] != '{' && t.text[e] != '}') ++e;
      r.words.push_back(Word{t.text.substr(i, e - i), loc_of(i), false});
      i = e;
    }
  }
  return r;
}

bool valid_name(std::string_view s) {
  if (s.empty() || !is_ident_start(s[0])) return false;
  for (char c : s) {
    if (!is_ident_char(c)) return false;
  }
  return true;
}

std::string trim_str(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      out.push_back(trim_str(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

// Integer with an optional sign; the whole string must be the number.
std::optional<std::int64_t> parse_int(const std::string& s) {
  std::string_view v = s;
  bool negative = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  // strtol(..., 0) conventions as keepalived 2.2.7 uses: 0x.. hex, a leading 0 octal
  // (`~SEQ(i, 010, 010)` gives 8 there too) [verified].
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    base = 16;
    v.remove_prefix(2);
  } else if (v.size() > 1 && v[0] == '0') {
    base = 8;
    v.remove_prefix(1);
  }
  if (v.empty()) return std::nullopt;
  std::uint64_t magnitude = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), magnitude, base);
  if (ec != std::errc{} || p != v.data() + v.size()) return std::nullopt;
  if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  auto value = static_cast<std::int64_t>(magnitude);
  return negative ? -value : value;
}

}  // namespace vrrp::conf::detail
