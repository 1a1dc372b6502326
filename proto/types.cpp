// IpAddr / MacAddr text conversion and classification. Standard library only: parsing follows
// RFC 4291 §2.2 (input) and RFC 5952 (canonical output) without <arpa/inet.h>.
#include "proto/types.hpp"

#include <algorithm>
#include <cstddef>

namespace vrrp::proto {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict dotted quad: four decimal octets, no leading zeros (they read as octal elsewhere).
std::optional<std::array<std::uint8_t, 4>> parse_dotted_quad(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  std::size_t pos = 0;
  for (std::size_t part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    const std::size_t start = pos;
    unsigned value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
    }
    const std::size_t digits = pos - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    out[part] = static_cast<std::uint8_t>(value);
  }
  if (pos != text.size()) return std::nullopt;
  return out;
}

// RFC 4291 §2.2: up to eight 1-4 digit hex groups, one optional "::" standing for one or more
// zero groups, and optionally a dotted quad as the last 32 bits.
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view text) {
  std::array<std::uint16_t, 8> head{};
  std::array<std::uint16_t, 8> tail{};
  std::size_t head_n = 0;
  std::size_t tail_n = 0;
  bool compressed = false;
  std::size_t pos = 0;

  if (text.size() < 2) return std::nullopt;
  if (text[0] == ':') {
    if (text[1] != ':') return std::nullopt;
    compressed = true;
    pos = 2;
    if (pos == text.size()) return std::array<std::uint8_t, 16>{};  // "::"
  }

  while (true) {
    auto& groups = compressed ? tail : head;
    auto& n = compressed ? tail_n : head_n;
    if (head_n + tail_n >= 8) return std::nullopt;
    // An embedded IPv4 tail: the rest of the text holds a '.' before any ':'.
    const std::string_view rest = text.substr(pos);
    const std::size_t dot = rest.find('.');
    if (dot != std::string_view::npos && rest.find(':') == std::string_view::npos) {
      if (head_n + tail_n > 6) return std::nullopt;
      const auto quad = parse_dotted_quad(rest);
      if (!quad) return std::nullopt;
      groups[n++] = static_cast<std::uint16_t>(((*quad)[0] << 8) | (*quad)[1]);
      groups[n++] = static_cast<std::uint16_t>(((*quad)[2] << 8) | (*quad)[3]);
      pos = text.size();
      break;
    }
    unsigned value = 0;
    std::size_t digits = 0;
    while (pos < text.size() && hex_value(text[pos]) >= 0) {
      if (++digits > 4) return std::nullopt;
      value = (value << 4) | static_cast<unsigned>(hex_value(text[pos]));
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    groups[n++] = static_cast<std::uint16_t>(value);
    if (pos == text.size()) break;
    if (text[pos] != ':') return std::nullopt;
    ++pos;
    if (pos < text.size() && text[pos] == ':') {
      if (compressed) return std::nullopt;  // a second "::"
      compressed = true;
      ++pos;
      if (pos == text.size()) break;  // trailing "::"
    } else if (pos == text.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }

  const std::size_t total = head_n + tail_n;
  if (compressed ? total > 7 : total != 8) return std::nullopt;
  std::array<std::uint16_t, 8> words{};
  std::copy_n(head.begin(), head_n, words.begin());
  std::copy_n(tail.begin(), tail_n, words.begin() + static_cast<std::ptrdiff_t>(8 - tail_n));
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(words[i] & 0xFF);
  }
  return out;
}

void append_decimal(std::string& s, unsigned v) {
  if (v >= 100) s.push_back(static_cast<char>('0' + v / 100));
  if (v >= 10) s.push_back(static_cast<char>('0' + (v / 10) % 10));
  s.push_back(static_cast<char>('0' + v % 10));
}

void append_quad(std::string& s, const std::uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) s.push_back('.');
    append_decimal(s, b[i]);
  }
}

void append_hex_group(std::string& s, unsigned v) {
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned nibble = (v >> shift) & 0xF;
    if (nibble != 0 || started || shift == 0) {
      s.push_back(kHex[nibble]);
      started = true;
    }
  }
}

}  // namespace

IpAddr IpAddr::v4(std::array<std::uint8_t, 4> b) {
  IpAddr a;
  a.family_ = Family::Ipv4;
  std::copy(b.begin(), b.end(), a.bytes_.begin());
  return a;
}

IpAddr IpAddr::v6(const std::array<std::uint8_t, 16>& b) {
  IpAddr a;
  a.family_ = Family::Ipv6;
  a.bytes_ = b;
  return a;
}

IpAddr IpAddr::from_bytes(Family family, std::span<const std::uint8_t> bytes) {
  IpAddr a;
  a.family_ = family;
  const std::size_t n = std::min(bytes.size(), a.size());
  std::copy_n(bytes.begin(), n, a.bytes_.begin());
  return a;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    if (auto b = parse_ipv6(text)) return v6(*b);
    return std::nullopt;
  }
  if (auto b = parse_dotted_quad(text)) return v4(*b);
  return std::nullopt;
}

std::string IpAddr::to_string() const {
  std::string s;
  if (family_ == Family::Ipv4) {
    s.reserve(15);
    append_quad(s, bytes_.data());
    return s;
  }
  s.reserve(45);
  std::array<unsigned, 8> w{};
  for (std::size_t i = 0; i < 8; ++i) w[i] = (unsigned{bytes_[2 * i]} << 8) | bytes_[2 * i + 1];

  // RFC 5952 §5: IPv4-mapped addresses are written with the dotted-quad tail.
  const bool mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xFFFF;
  const std::size_t groups = mapped ? 6 : 8;

  // RFC 5952 §4.2: compress the longest run of >= 2 zero groups, the first one on a tie.
  std::size_t best_start = groups, best_len = 0;
  for (std::size_t i = 0; i < groups;) {
    if (w[i] != 0) { ++i; continue; }
    std::size_t j = i;
    while (j < groups && w[j] == 0) ++j;
    if (j - i > best_len) { best_start = i; best_len = j - i; }
    i = j;
  }
  if (best_len < 2) best_start = groups;

  for (std::size_t i = 0; i < groups;) {
    if (i == best_start) {
      s += "::";
      i += best_len;
      continue;
    }
    if (i > 0 && i != best_start + best_len) s.push_back(':');
    append_hex_group(s, w[i]);
    ++i;
  }
  if (mapped) {
    if (s.back() != ':') s.push_back(':');
    append_quad(s, bytes_.data() + 12);
  }
  return s;
}

bool IpAddr::is_unspecified() const {
  return std::all_of(bytes_.begin(), bytes_.end(), [](std::uint8_t b) { return b == 0; });
}

bool IpAddr::is_multicast() const {
  return family_ == Family::Ipv4 ? (bytes_[0] & 0xF0) == 0xE0 : bytes_[0] == 0xFF;
}

bool IpAddr::is_link_local() const {
  if (family_ == Family::Ipv4) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xFE && (bytes_[1] & 0xC0) == 0x80;
}

std::string MacAddr::to_string() const {
  std::string s;
  s.reserve(17);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) s.push_back(':');
    s.push_back(kHex[bytes[i] >> 4]);
    s.push_back(kHex[bytes[i] & 0xF]);
  }
  return s;
}

MacAddr virtual_mac(Family family, std::uint8_t vrid) {
  return MacAddr{{0x00, 0x00, 0x5E, 0x00, static_cast<std::uint8_t>(family == Family::Ipv4 ? 0x01 : 0x02), vrid}};
}

IpAddr vrrp_group(Family family) {
  if (family == Family::Ipv4) return IpAddr::v4({224, 0, 0, 18});
  return IpAddr::v6({0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
}

}  // namespace vrrp::proto
