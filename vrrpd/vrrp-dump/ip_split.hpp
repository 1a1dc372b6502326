// The IP layer of a captured packet: IPv4 through proto::parse_ipv4, IPv6 here (fixed header,
// extension headers skipped), down to the VRRP message. Pure.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "proto/drop_reason.hpp"
#include "proto/validate.hpp"

namespace vrrp::dump {

/// Outcome of taking one IP packet apart.
struct IpSplit {
  enum class Kind { Vrrp, NotVrrp, Malformed } kind = Kind::Malformed;
  proto::ReceivedPacket packet;  // Kind::Vrrp; source/destination/ttl also set when known
  bool addresses_known = false;  // source/destination/ttl hold the header's values
  std::uint8_t protocol = 0;     // the upper-layer protocol found (Kind::NotVrrp)
  proto::DropReason drop = proto::DropReason::PacketLength;  // Kind::Malformed
  std::string detail;            // Kind::Malformed: what was wrong
};

/// Splits an IPv4 or IPv6 packet (by its version nibble). `ip` may be cut short by the
/// capture's snap length; that is reported as Malformed, never read past.
IpSplit split_ip(std::span<const std::uint8_t> ip);

}  // namespace vrrp::dump
