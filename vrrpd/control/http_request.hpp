// The few bytes of HTTP/1.x the metrics listener understands: a request head, parsed purely.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vrrp::control {

inline constexpr std::size_t kMaxHttpHead = 8192;

struct HttpRequest {
  std::string method;
  std::string target;   // path, query string removed
  std::string version;  // "HTTP/1.0" or "HTTP/1.1"
};

/// Position just past the blank line ending the head in `buffer` ("\r\n\r\n" or "\n\n"), if any.
std::optional<std::size_t> http_head_end(std::string_view buffer);

/// Parses a complete head (request line + header lines). nullopt: malformed (answer 400).
std::optional<HttpRequest> parse_http_head(std::string_view head);

/// What the listener answers: status code, and body for GET (HEAD gets the same headers).
struct HttpAnswer {
  int status = 200;
  std::string reason;
  std::string content_type;
  std::string body;
};
/// A full HTTP/1.0-style response with Content-Length and Connection: close.
std::string render_http_response(const HttpAnswer& answer, bool head_only);

}  // namespace vrrp::control
