// Inputs to a VRRP state machine (proto::Instance::handle). Plain values.
#pragma once

#include <cstdint>
#include <variant>

#include "proto/output.hpp"
#include "proto/validate.hpp"

namespace vrrp::proto {

struct Startup {};   // Initialize -> Backup (or Master for the owner); RFC 5798 §6.4.1
struct Shutdown {};  // graceful stop: a Master sends priority 0 and removes its VIPs
struct Timeout {};   // the deadline from poll_timeout() has passed; a spurious one is a no-op
/// A packet for this VR (already demultiplexed by interface, family and VRID). The instance
/// validates it (checks 3-16) and counts drops itself.
struct PacketIn {
  ReceivedPacket packet;
};
/// The VR's interface went down/up. Down -> FAULT (keepalived), up -> Backup.
struct LinkChanged {
  bool up = true;
};
/// A tracker with weight 0 (script, file, process, sync group) failed or recovered.
/// `silent`: the fault only means "first script results not in yet" (TrackingOutcome::pending);
/// the FAULT it causes is flagged StateChanged::silent so the shell runs no notify for it
/// (keepalived-surface.md §4.1, §4.3).
struct TrackFaultChanged {
  bool faulty = false;
  bool silent = false;
};
/// The effective priority from the tracking policy (1..254). Ignored for the address owner.
struct PriorityChanged {
  std::uint8_t priority = kDefaultPriority;
};

/// keepalived vrrp_sync_group (SyncGroup's MemberForce::Master/Backup, §5.11): take MASTER now
/// from BACKUP, or leave MASTER for BACKUP (priority-0 advert, VIPs removed, full
/// Master_Down_Interval). Only Master and Backup are meaningful; ignored in INIT and FAULT, and
/// when already in the requested state.
struct ForceState {
  State to = State::Backup;
};

using Input = std::variant<Startup, Shutdown, Timeout, PacketIn, LinkChanged, TrackFaultChanged,
                           PriorityChanged, ForceState>;

}  // namespace vrrp::proto
