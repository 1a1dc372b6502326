// Outputs of a VRRP state machine (proto::Instance::poll_output): actions for the shell.
// Spans point into memory the Instance owns; they stay valid until its next handle() call.
#pragma once

#include <cstdint>
#include <span>
#include <variant>

#include "proto/drop_reason.hpp"
#include "proto/types.hpp"

namespace vrrp::proto {

enum class State : std::uint8_t { Initialize = 0, Backup = 1, Master = 2, Fault = 3 };

/// Why a transition happened; logged on one line with every transition.
enum class Reason : std::uint8_t {
  Startup,             // Initialize -> Backup
  Owner,               // Initialize -> Master as address owner
  MasterDown,          // Master_Down_Timer expired
  HigherPriority,      // Master saw a higher (or equal, higher address) advert
  Shutdown,            // stop requested
  LinkDown,
  LinkUp,
  TrackFault,
  TrackRecovered,
  Reconfigured,
  SyncGroup,           // forced by the instance's vrrp_sync_group (ForceState)
};

/// Send an already-encoded VRRP message (the IP payload) to `destination`; the shell adds the
/// IP header (TTL 255, source = config().source). Unicast mode yields one per peer.
struct SendAdvert {
  std::span<const std::uint8_t> vrrp;
  IpAddr destination;
  std::uint8_t priority = 0;  // as encoded, for logs and counters
};
struct InstallVips {
  std::span<const IpAddr> vips;
};
struct RemoveVips {
  std::span<const IpAddr> vips;
};
/// Gratuitous ARP (IPv4) / unsolicited NA (IPv6), one per VIP, `repeat` times each.
struct AnnounceVips {
  std::span<const IpAddr> vips;
  unsigned repeat = 1;
};
struct StateChanged {
  State from = State::Initialize;
  State to = State::Initialize;
  Reason reason = Reason::Startup;
  IpAddr master;  // the master we now follow (Backup), or our own source (Master)
  std::uint8_t master_priority = 0;
  /// FAULT entered only because trackers have not reported yet (TrackFaultChanged::silent):
  /// keepalived runs no notify script and writes no FIFO line for it (§4.1).
  bool silent = false;
};
/// A received packet was dropped (counted already); the shell logs it rate-limited.
struct PacketDropped {
  DropReason reason = DropReason::None;
  IpAddr source;
};
/// An accepted packet carried something worth a (rate-limited) log line: validate.hpp Note bits.
struct PacketNoted {
  std::uint32_t notes = 0;
  IpAddr source;
};

/// Sync-group members only (InstanceConfig::sync_member): `wants` true when the
/// Master_Down_Timer (or the preempt_delay window) expired and the member would have become
/// MASTER; it stays BACKUP and says so again every Master_Down_Interval until forced. `wants`
/// false when it later accepts an advert from a master it will not preempt. The shell passes it
/// to SyncGroup::on_wants_master() and feeds back ForceState for the commands it returns.
struct WantMaster {
  bool wants = false;
};

using Output = std::variant<SendAdvert, InstallVips, RemoveVips, AnnounceVips, StateChanged,
                            PacketDropped, PacketNoted, WantMaster>;

std::string_view to_string(State state);    // "INIT", "BACKUP", "MASTER", "FAULT" (keepalived's)
std::string_view to_string(Reason reason);

}  // namespace vrrp::proto
