// Strict RFC 8259 reader and compact writer for the control protocol's JSON values.
#include "vrrpd/control/json.hpp"

#include <charconv>
#include <cstdint>

namespace vrrp::control {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629 table: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  std::expected<Json, JsonError> document() {
    skip_ws();
    Json v;
    if (!value(v, 0)) return std::unexpected(error_);
    skip_ws();
    if (pos_ != s_.size()) {
      fail("trailing characters after the JSON value");
      return std::unexpected(error_);
    }
    return v;
  }

 private:
  bool fail(std::string message) {
    if (error_.message.empty()) error_ = JsonError{pos_, std::move(message)};
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() && is_ws(s_[pos_])) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool value(Json& out, std::size_t depth) {
    if (pos_ >= s_.size()) return fail("unexpected end of input");
    switch (s_[pos_]) {
      case 'n': out = nullptr; return literal("null");
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case '"': {
        std::string str;
        if (!string(str)) return false;
        out = std::move(str);
        return true;
      }
      case '[': return array(out, depth + 1);
      case '{': return object(out, depth + 1);
      default: return number(out);
    }
  }

  bool number(Json& out) {
    const std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || !is_digit(s_[pos_])) return fail("invalid value");
    if (s_[pos_] == '0') {
      ++pos_;
      if (pos_ < s_.size() && is_digit(s_[pos_])) return fail("leading zero in number");
    } else {
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (pos_ >= s_.size() || !is_digit(s_[pos_])) return fail("digit expected after '.'");
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (pos_ >= s_.size() || !is_digit(s_[pos_])) return fail("digit expected in exponent");
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    }
    out = JsonNumber{std::string(s_.substr(start, pos_ - start))};
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    if (s_.size() - pos_ < 4) return fail("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      cp <<= 4;
      if (is_digit(c)) cp |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') cp |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') cp |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return fail("invalid hex digit in \\u escape");
    }
    return true;
  }

  bool escape(std::string& out) {
    if (pos_ >= s_.size()) return fail("unterminated string");
    const char c = s_[pos_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return fail("invalid escape");
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.substr(pos_, 2) != "\\u") return fail("lone high surrogate");
      pos_ += 2;
      std::uint32_t low = 0;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail("invalid surrogate pair");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        ++pos_;
        if (!escape(out)) return false;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
      const std::size_t n = utf8_sequence(s_, pos_);
      if (n == 0) return fail("invalid UTF-8 in string");
      out.append(s_.substr(pos_, n));
      pos_ += n;
    }
  }

  bool array(Json& out, std::size_t depth) {
    if (depth > kJsonMaxDepth) return fail("nesting too deep");
    ++pos_;
    JsonArray items;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = std::move(items);
      return true;
    }
    while (true) {
      skip_ws();
      Json item;
      if (!value(item, depth)) return false;
      items.push_back(std::move(item));
      skip_ws();
      if (pos_ >= s_.size()) return fail("unterminated array");
      if (s_[pos_] == ']') break;
      if (s_[pos_] != ',') return fail("',' or ']' expected");
      ++pos_;
    }
    ++pos_;
    out = std::move(items);
    return true;
  }

  bool object(Json& out, std::size_t depth) {
    if (depth > kJsonMaxDepth) return fail("nesting too deep");
    ++pos_;
    JsonObject members;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = std::move(members);
      return true;
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("string key expected");
      std::string key;
      if (!string(key)) return false;
      for (const auto& m : members) {
        if (m.first == key) return fail("duplicate key \"" + key + "\"");
      }
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("':' expected");
      ++pos_;
      skip_ws();
      Json item;
      if (!value(item, depth)) return false;
      members.emplace_back(std::move(key), std::move(item));
      skip_ws();
      if (pos_ >= s_.size()) return fail("unterminated object");
      if (s_[pos_] == '}') break;
      if (s_[pos_] != ',') return fail("',' or '}' expected");
      ++pos_;
    }
    ++pos_;
    out = std::move(members);
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  JsonError error_;
};

void write_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
  }
  out += '"';
}

void write(std::string& out, const Json& v) {
  if (v.is_null()) {
    out += "null";
  } else if (const bool* b = v.as_bool()) {
    out += *b ? "true" : "false";
  } else if (const std::string* s = v.as_string()) {
    write_string(out, *s);
  } else if (const JsonArray* a = v.as_array()) {
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i) out += ',';
      write(out, (*a)[i]);
    }
    out += ']';
  } else if (const JsonObject* o = v.as_object()) {
    out += '{';
    for (std::size_t i = 0; i < o->size(); ++i) {
      if (i) out += ',';
      write_string(out, (*o)[i].first);
      out += ':';
      write(out, (*o)[i].second);
    }
    out += '}';
  } else {
    // A number: its text was validated by the reader or produced by std::to_string.
    out += v.number_text();
  }
}

}  // namespace

std::optional<std::int64_t> Json::as_int() const {
  const auto* n = std::get_if<JsonNumber>(&v_);
  if (!n) return std::nullopt;
  std::int64_t out = 0;
  const char* end = n->text.data() + n->text.size();
  auto [ptr, ec] = std::from_chars(n->text.data(), end, out);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return out;
}

std::optional<std::uint64_t> Json::as_uint() const {
  const auto* n = std::get_if<JsonNumber>(&v_);
  if (!n || n->text.empty() || n->text[0] == '-') return std::nullopt;
  std::uint64_t out = 0;
  const char* end = n->text.data() + n->text.size();
  auto [ptr, ec] = std::from_chars(n->text.data(), end, out);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return out;
}

const std::string& Json::number_text() const {
  static const std::string kZero = "0";
  const auto* n = std::get_if<JsonNumber>(&v_);
  return n ? n->text : kZero;
}

const Json* Json::find(std::string_view key) const {
  const auto* o = as_object();
  if (!o) return nullptr;
  for (const auto& [k, v] : *o) {
    if (k == key) return &v;
  }
  return nullptr;
}

Json& Json::set(std::string key, Json value) {
  if (!is_object()) v_ = JsonObject{};
  auto& o = std::get<JsonObject>(v_);
  o.emplace_back(std::move(key), std::move(value));
  return *this;
}

std::expected<Json, JsonError> parse_json(std::string_view text) { return Reader(text).document(); }

std::string to_json_text(const Json& value) {
  std::string out;
  write(out, value);
  return out;
}

}  // namespace vrrp::control
