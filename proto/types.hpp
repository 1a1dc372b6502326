// Small value types shared by every module: addresses, versions, families.
// Standard library only, so that no OS or Boost type ever leaks into proto/.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vrrp::proto {

enum class Family : std::uint8_t { Ipv4 = 4, Ipv6 = 6 };
enum class Version : std::uint8_t { V2 = 2, V3 = 3 };

inline constexpr std::uint8_t kVrrpProtocol = 112;
inline constexpr std::uint8_t kOwnerPriority = 255;   // RFC 5798 §5.2.4: the address owner
inline constexpr std::uint8_t kResignPriority = 0;    // sent only by a Master on Shutdown
inline constexpr std::uint8_t kDefaultPriority = 100;
inline constexpr std::uint8_t kRequiredTtl = 255;     // RFC 3768 §5.2.3, RFC 5798 §5.1.1.3

/// An IPv4 or IPv6 address held as network-order bytes. Ordering compares the family first,
/// then the bytes as an unsigned big-endian integer: the RFC tie-break order.
class IpAddr {
 public:
  constexpr IpAddr() = default;  // 0.0.0.0
  static IpAddr v4(std::array<std::uint8_t, 4> b);
  static IpAddr v6(const std::array<std::uint8_t, 16>& b);
  /// `bytes` must be 4 (Ipv4) or 16 (Ipv6) long; shorter input is zero-filled.
  static IpAddr from_bytes(Family family, std::span<const std::uint8_t> bytes);
  /// Dotted quad or RFC 4291 text (with "::" compression and an embedded IPv4 tail).
  static std::optional<IpAddr> parse(std::string_view text);

  std::string to_string() const;  // RFC 5952 canonical form for IPv6
  Family family() const { return family_; }
  std::size_t size() const { return family_ == Family::Ipv4 ? 4 : 16; }
  std::span<const std::uint8_t> bytes() const { return {bytes_.data(), size()}; }
  bool is_unspecified() const;
  bool is_multicast() const;
  bool is_link_local() const;  // fe80::/10, or 169.254.0.0/16

  friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
  friend bool operator==(const IpAddr&, const IpAddr&) = default;

 private:
  Family family_ = Family::Ipv4;
  std::array<std::uint8_t, 16> bytes_{};
};

struct MacAddr {
  std::array<std::uint8_t, 6> bytes{};
  std::string to_string() const;  // "00:00:5e:00:01:0a"
  friend auto operator<=>(const MacAddr&, const MacAddr&) = default;
  friend bool operator==(const MacAddr&, const MacAddr&) = default;
};

/// RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.
MacAddr virtual_mac(Family family, std::uint8_t vrid);

/// 224.0.0.18 or ff02::12.
IpAddr vrrp_group(Family family);

}  // namespace vrrp::proto
