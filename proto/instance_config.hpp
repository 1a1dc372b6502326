// Everything one VRRP state machine needs to know, in RFC vocabulary. conf-parser's lower()
// is the only place that turns keepalived.conf keywords into this.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "proto/advertisement.hpp"
#include "proto/time.hpp"
#include "proto/types.hpp"

namespace vrrp::proto {

enum class InitialState : std::uint8_t { Backup, Master };  // keepalived `state` hint

/// Gratuitous ARP / unsolicited NA schedule on becoming Master (keepalived-surface.md §5.4).
struct AnnouncePolicy {
  unsigned master_repeat = 5;              // garp_master_repeat
  Duration master_delay = std::chrono::seconds(5);  // garp_master_delay (0: no second burst)
  Duration master_refresh{0};              // garp_master_refresh (0: none)
  unsigned master_refresh_repeat = 1;      // garp_master_refresh_repeat
  unsigned lower_prio_repeat = 5;          // garp_lower_prio_repeat
  Duration lower_prio_delay = std::chrono::seconds(5);  // garp_lower_prio_delay
  friend bool operator==(const AnnouncePolicy&, const AnnouncePolicy&) = default;
};

struct InstanceConfig {
  std::string name;            // for logs and reports only; identity is (interface, family, vrid)
  std::string interface;       // for logs and reports only
  std::uint8_t vrid = 0;       // 1..255
  Version version = Version::V3;
  Family family = Family::Ipv4;
  std::uint8_t priority = kDefaultPriority;  // 1..254, or 255 = address owner
  /// v2: whole seconds 1..255; v3: a multiple of 10 ms, 10 ms..40.95 s.
  Duration advert_interval = std::chrono::seconds(1);
  bool preempt = true;                       // !nopreempt
  Duration preempt_delay{0};
  bool accept = true;                        // keepalived default; no_accept clears it
  InitialState initial_state = InitialState::Backup;
  /// The config said `state ...`. An owner (priority 255) goes straight to MASTER at Startup
  /// unless the config explicitly said `state BACKUP` (keepalived-surface.md §5.1, §5.7); false
  /// keeps the implied MASTER for owners whose config says nothing.
  bool initial_state_explicit = false;
  /// Member of a vrrp_sync_group: the Master_Down_Timer does not make it MASTER by itself, it
  /// outputs WantMaster and waits for the group's ForceState (keepalived-surface.md §5.11).
  bool sync_member = false;
  std::vector<IpAddr> vips;                  // sent in this order
  /// Source of our adverts (IPv4 primary / unicast_src_ip / IPv6 link-local). Also the local
  /// side of the equal-priority tie-break.
  IpAddr source;
  std::vector<IpAddr> unicast_peers;         // non-empty: unicast mode
  AuthType auth_type = AuthType::None;       // v2 only
  std::array<std::uint8_t, 8> auth_data{};   // v2 PASS, zero padded
  ChecksumForm v3_ipv4_checksum = ChecksumForm::PseudoHeader;
  bool strict = false;                       // vrrp_strict
  bool lower_prio_no_advert = false;         // Master: do not answer a lower-priority advert
  bool higher_prio_send_advert = false;      // Master: send one advert before yielding
  unsigned down_timer_adverts = 3;           // Master_Down_Interval multiplier
  AnnouncePolicy announce;

  bool owner() const { return priority == kOwnerPriority; }
  /// An owner whose wanted state is MASTER (explicit `state MASTER`, or no `state` at all).
  bool owner_wants_master() const {
    return owner() && (initial_state == InitialState::Master || !initial_state_explicit);
  }
  bool unicast() const { return !unicast_peers.empty(); }
  friend bool operator==(const InstanceConfig&, const InstanceConfig&) = default;
};

}  // namespace vrrp::proto
