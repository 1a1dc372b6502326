// The daemon side of the control socket and the metrics listener: control::ControlProvider
// over the running InstanceSet (snapshots, explain) plus the runtime priority hold and release.
#pragma once

#include <functional>
#include <string>

#include "vrrpd/control/status.hpp"
#include "vrrpd/instance_set.hpp"
#include "vrrpd/stall_detector.hpp"

namespace vrrp::daemon {

class ControlBridge final : public control::ControlProvider {
 public:
  struct Hooks {
    /// `plan`'s trackers with their current results; unset: a plan without trackers.
    std::function<proto::TrackerSet(const conf::InstancePlan&)> trackers;
    /// The SIGHUP path; the message on success, the reason on failure. Unset: "failed".
    std::function<std::expected<std::string, std::string>()> reload;
  };

  /// `set` and `stalls` must outlive the bridge. Every call runs on the loop thread.
  ControlBridge(InstanceSet& set, const StallDetector& stalls, Hooks hooks);

  control::Snapshot snapshot() override;
  control::ControlResult<control::Explanation> explain(const std::string& name) override;
  control::ControlResult<std::string> reload() override;
  /// Sets (1..254) or removes the runtime override and ends a release, then feeds the
  /// resulting PriorityChanged. The address owner's 255 is fixed (keepalived-surface.md §5.7):
  /// refused with `failed`.
  control::ControlResult<void> set_priority(const std::string& name, std::optional<std::uint8_t> priority) override;
  /// Holds the priority at 1 (InstanceDriver::kReleasedPriority); a Master then resigns as a
  /// forced hand-over does (ForceState{Backup}: one priority-0 advert, VIPs removed, BACKUP).
  /// It stays BACKUP while any other router advertises for the VRID; with no router left it
  /// takes MASTER after Master_Down_Interval like any priority-1 backup, so the addresses are
  /// never left unserved. `set_priority` ends it. The owner is refused (its 255 is fixed).
  control::ControlResult<void> release(const std::string& name) override;

  /// One instance as `vrrpctl status` shows it.
  static control::InstanceStatus status_of(const InstanceDriver& driver);

 private:
  InstanceDriver* find(const std::string& name) const;
  std::uint8_t tracked_priority(const InstanceDriver& driver) const;

  InstanceSet& set_;
  const StallDetector& stalls_;
  Hooks hooks_;
  control::WallTime started_;
};

}  // namespace vrrp::daemon
