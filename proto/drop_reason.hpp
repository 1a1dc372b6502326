// Why a received packet was not handed to the state machine. Each value maps to exactly one
// named counter (vrrp-conformance.md §2.2), so every drop is visible and attributable.
#pragma once

#include <cstdint>
#include <string_view>

namespace vrrp::proto {

enum class DropReason : std::uint8_t {
  None = 0,            // accepted
  FromSelf,            // our own multicast looped back: ignored silently, no counter
  PacketLength,        // packet_length_errors
  IpTtl,               // ip_ttl_errors
  Version,             // version_errors (router-wide)
  Checksum,            // checksum_errors (router-wide, and per VR when attributable)
  InvalidType,         // invalid_type_rcvd
  VridNotConfigured,   // vrid_errors (router-wide)
  InvalidAuthType,     // invalid_auth_type
  AuthTypeMismatch,    // auth_type_mismatch
  AuthFailure,         // auth_failures
  AdvInterval,         // adv_interval_errors
  AddressList,         // address_list_errors
  ModeMismatch,        // multicast VR got a unicast advert or vice versa: mode_mismatch_errors
  OwnerIgnoresAdverts, // strict mode: an owner ignores received adverts
  kCount
};

/// The counter name, e.g. "packet_length_errors"; "accepted" for None.
std::string_view counter_name(DropReason reason);

}  // namespace vrrp::proto
