// A small strict JSON value, reader and writer for the control protocol (RFC 8259). The reader
// never throws and never recurses without bound: bad bytes from a client become an error value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vrrp::control {

class Json;
using JsonArray = std::vector<Json>;
/// Members in document order; the reader rejects duplicate keys.
using JsonObject = std::vector<std::pair<std::string, Json>>;

/// A number kept as its validated RFC 8259 text, so 64-bit counters survive a round trip.
struct JsonNumber {
  std::string text;
  friend bool operator==(const JsonNumber&, const JsonNumber&) = default;
};

class Json {
 public:
  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : v_(b) {}
  Json(int n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(unsigned n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(long n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(unsigned long n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(long long n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(unsigned long long n) : v_(JsonNumber{std::to_string(n)}) {}
  Json(JsonNumber n) : v_(std::move(n)) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string_view s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(JsonArray a) : v_(std::move(a)) {}
  Json(JsonObject o) : v_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_number() const { return std::holds_alternative<JsonNumber>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<JsonArray>(v_); }
  bool is_object() const { return std::holds_alternative<JsonObject>(v_); }

  /// Typed access; nullptr when the value has another type.
  const bool* as_bool() const { return std::get_if<bool>(&v_); }
  const std::string* as_string() const { return std::get_if<std::string>(&v_); }
  const JsonArray* as_array() const { return std::get_if<JsonArray>(&v_); }
  const JsonObject* as_object() const { return std::get_if<JsonObject>(&v_); }
  JsonArray* as_array() { return std::get_if<JsonArray>(&v_); }
  JsonObject* as_object() { return std::get_if<JsonObject>(&v_); }
  /// The number as an integer when it is one (no fraction or exponent) and fits.
  std::optional<std::int64_t> as_int() const;
  std::optional<std::uint64_t> as_uint() const;
  /// The number's text ("0" when this is not a number).
  const std::string& number_text() const;

  /// Member of an object; nullptr when absent or when this is not an object.
  const Json* find(std::string_view key) const;
  /// Appends a member (objects only; no duplicate check: writers choose their keys).
  Json& set(std::string key, Json value);

  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::variant<std::monostate, bool, JsonNumber, std::string, JsonArray, JsonObject> v_;
};

struct JsonError {
  std::size_t offset = 0;
  std::string message;
};

inline constexpr std::size_t kJsonMaxDepth = 32;

/// Parses exactly one JSON text (surrounding whitespace allowed). Strict: no comments, no
/// trailing commas, no leading zeros, valid UTF-8 only, no lone surrogates, no duplicate keys,
/// nesting at most kJsonMaxDepth.
std::expected<Json, JsonError> parse_json(std::string_view text);

/// Compact single-line rendering (never contains a raw newline). Invalid UTF-8 in strings is
/// written as U+FFFD so the output is always valid JSON.
std::string to_json_text(const Json& value);

}  // namespace vrrp::control
