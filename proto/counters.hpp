// Per-VR and router-wide counters (vrrp-conformance.md §2.2; RFC 2787/6527 names).
#pragma once

#include <array>
#include <cstdint>

#include "proto/drop_reason.hpp"

namespace vrrp::proto {

struct VrCounters {
  std::uint64_t adverts_rcvd = 0;
  std::uint64_t adverts_sent = 0;
  std::uint64_t master_transitions = 0;   // times became Master
  std::uint64_t pri_zero_rcvd = 0;
  std::uint64_t pri_zero_sent = 0;
  std::uint64_t checksum_form_mismatch = 0;
  std::uint64_t announcements_sent = 0;   // GARP/NA requested (one per VIP per burst round)
  std::uint64_t transitions = 0;          // every state change
  std::uint64_t output_overflows = 0;     // outputs lost because the shell did not drain
  std::array<std::uint64_t, static_cast<std::size_t>(DropReason::kCount)> drops{};  // by reason

  std::uint64_t dropped(DropReason r) const { return drops[static_cast<std::size_t>(r)]; }
  void count_drop(DropReason r) { ++drops[static_cast<std::size_t>(r)]; }
};

struct RouterCounters {
  std::uint64_t checksum_errors = 0;
  std::uint64_t version_errors = 0;
  std::uint64_t vrid_errors = 0;
  std::uint64_t packet_length_errors = 0;  // before a VR could be identified
  std::uint64_t ip_ttl_errors = 0;         // bad TTL/hop limit before a VR could be identified
};

}  // namespace vrrp::proto
