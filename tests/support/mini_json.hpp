// A tiny JSON reader for test data (tests/data/*.json). Test-only: throws std::runtime_error on
// malformed input, keeps numbers as double, handles \uXXXX escapes for the BMP only.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vrrp::test {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  static Json parse(std::string_view text) {
    Parser p{text};
    Json v = p.value();
    p.skip_ws();
    if (p.pos != text.size()) throw std::runtime_error("json: trailing characters");
    return v;
  }
  static Json parse_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("json: cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str());
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  const std::string& str() const { return get<std::string>("string"); }
  double num() const { return get<double>("number"); }
  long long integer() const { return static_cast<long long>(num()); }
  bool boolean() const { return get<bool>("bool"); }
  const Array& array() const { return get<Array>("array"); }
  const Object& object() const { return get<Object>("object"); }

  /// Object member, or nullptr when absent.
  const Json* find(std::string_view key) const {
    for (const auto& [k, v] : object()) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  const Json& operator[](std::string_view key) const {
    const Json* v = find(key);
    if (v == nullptr) throw std::runtime_error("json: missing key " + std::string(key));
    return *v;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }

 private:
  template <typename T>
  const T& get(const char* what) const {
    if (const T* p = std::get_if<T>(&v_)) return *p;
    throw std::runtime_error(std::string("json: not a ") + what);
  }

  struct Parser {
    std::string_view s;
    std::size_t pos = 0;

    [[noreturn]] void fail(const char* msg) const {
      throw std::runtime_error("json: " + std::string(msg) + " at offset " + std::to_string(pos));
    }
    void skip_ws() {
      while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t')) ++pos;
    }
    char peek() {
      skip_ws();
      if (pos >= s.size()) fail("unexpected end");
      return s[pos];
    }
    void expect(char c) {
      if (peek() != c) fail("unexpected character");
      ++pos;
    }
    bool literal(std::string_view word) {
      if (s.substr(pos, word.size()) != word) return false;
      pos += word.size();
      return true;
    }
    Json value() {
      Json j;
      const char c = peek();
      if (c == '{') {
        ++pos;
        Object o;
        if (peek() == '}') {
          ++pos;
        } else {
          while (true) {
            std::string key = string();
            expect(':');
            o.emplace_back(std::move(key), value());
            if (peek() == ',') { ++pos; continue; }
            expect('}');
            break;
          }
        }
        j.v_ = std::move(o);
      } else if (c == '[') {
        ++pos;
        Array a;
        if (peek() == ']') {
          ++pos;
        } else {
          while (true) {
            a.push_back(value());
            if (peek() == ',') { ++pos; continue; }
            expect(']');
            break;
          }
        }
        j.v_ = std::move(a);
      } else if (c == '"') {
        j.v_ = string();
      } else if (literal("true")) {
        j.v_ = true;
      } else if (literal("false")) {
        j.v_ = false;
      } else if (literal("null")) {
        j.v_ = std::monostate{};
      } else {
        const std::size_t start = pos;
        while (pos < s.size() && std::string_view("+-0123456789.eE").find(s[pos]) != std::string_view::npos) ++pos;
        if (start == pos) fail("unexpected character");
        try {
          j.v_ = std::stod(std::string(s.substr(start, pos - start)));
        } catch (const std::exception&) {
          fail("bad number");
        }
      }
      return j;
    }
    std::string string() {
      expect('"');
      std::string out;
      while (true) {
        if (pos >= s.size()) fail("unterminated string");
        const char c = s[pos++];
        if (c == '"') break;
        if (c != '\\') { out.push_back(c); continue; }
        if (pos >= s.size()) fail("bad escape");
        const char e = s[pos++];
        switch (e) {
          case '"': case '\\': case '/': out.push_back(e); break;
          case 'b': out.push_back('\b'); break;
          case 'f': out.push_back('\f'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'u': {
            if (pos + 4 > s.size()) fail("bad \\u escape");
            const unsigned cp = static_cast<unsigned>(std::stoul(std::string(s.substr(pos, 4)), nullptr, 16));
            pos += 4;
            if (cp < 0x80) {
              out.push_back(static_cast<char>(cp));
            } else if (cp < 0x800) {
              out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
              out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            } else {
              out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
              out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
              out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            }
            break;
          }
          default: fail("bad escape");
        }
      }
      return out;
    }
  };

  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
};

/// "c0000264" -> bytes. Throws on odd length or non-hex characters.
inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error("hex: bad digit");
  };
  if (hex.size() % 2 != 0) throw std::runtime_error("hex: odd length");
  std::vector<std::uint8_t> out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>((nibble(hex[i]) << 4) | nibble(hex[i + 1])));
  }
  return out;
}

}  // namespace vrrp::test
