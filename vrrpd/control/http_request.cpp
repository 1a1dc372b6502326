// Minimal HTTP/1.x request head parsing and response rendering for GET /metrics.
#include "vrrpd/control/http_request.hpp"

namespace vrrp::control {

namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::optional<std::size_t> http_head_end(std::string_view buffer) {
  const auto crlf = buffer.find("\r\n\r\n");
  const auto lf = buffer.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::nullopt;
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) return crlf + 4;
  return lf + 2;
}

std::optional<HttpRequest> parse_http_head(std::string_view head) {
  const auto eol = head.find('\n');
  std::string_view line = head.substr(0, eol);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return std::nullopt;
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return std::nullopt;
  HttpRequest r;
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  r.version = std::string(line.substr(sp2 + 1));
  for (char c : r.method) {
    if (!is_token_char(c)) return std::nullopt;
  }
  if (r.version != "HTTP/1.0" && r.version != "HTTP/1.1") return std::nullopt;
  if (r.target.empty() || r.target[0] != '/') return std::nullopt;
  for (char c : r.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return std::nullopt;
  }
  if (const auto q = r.target.find('?'); q != std::string::npos) r.target.resize(q);
  // Header lines are not needed; only check that each has a colon so garbage is refused.
  std::size_t pos = eol == std::string_view::npos ? head.size() : eol + 1;
  while (pos < head.size()) {
    auto next = head.find('\n', pos);
    std::string_view h = head.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
    if (!h.empty() && h.find(':') == std::string_view::npos) return std::nullopt;
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return r;
}

std::string render_http_response(const HttpAnswer& a, bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(a.status) + " " + a.reason + "\r\n";
  out += "Content-Type: " + a.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(a.body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  if (!head_only) out += a.body;
  return out;
}

}  // namespace vrrp::control
