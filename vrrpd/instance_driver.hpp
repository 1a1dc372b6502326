// Drives one proto::Instance on the io_context: every event becomes an Input, every Output
// becomes an effect through the ports, and one steady_timer follows poll_timeout().
// One thread, one io_context: no strands, no locks. The hot path (advert in, timer, advert
// out) allocates nothing here; the only syscall is the send.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "conf-parser/lower.hpp"
#include "proto/instance.hpp"
#include "vrrpd/clock.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/note_limiter.hpp"
#include "vrrpd/ports.hpp"
#include "vrrpd/rate_limiter.hpp"
#include "vrrpd/stall_detector.hpp"

namespace vrrp::daemon {

/// What every driver shares: the loop, the host effects and the daemon-wide bookkeeping.
struct DriverContext {
  boost::asio::io_context& io;
  HostPort& host;
  Notifier& notifier;
  Logger& log;
  StallDetector& stalls;
  /// Where `now` comes from: daemon::now (clock.hpp) in the daemon, a fake clock in tests.
  proto::TimePoint (*clock)() = &now;
};

/// Counters the daemon keeps beside proto's (shown in the dumps).
struct DriverCounters {
  std::uint64_t release_master = 0;   // left MASTER
  std::uint64_t send_errors = 0;
  std::uint64_t address_errors = 0;
  std::uint64_t vips_readded = 0;     // owned VIP deleted by someone else while MASTER
};

class InstanceDriver;

/// Told about the outputs a vrrp_sync_group cares about. Called from inside the driver's drain
/// loop; settle() is called once the driver has drained, so commands to other members (or to
/// this one) are applied outside any drain.
class DriverObserver {
 public:
  virtual ~DriverObserver() = default;
  virtual void on_state_changed(InstanceDriver& driver, proto::State from, proto::State to) = 0;
  virtual void on_wants_master(InstanceDriver& driver, bool wants) = 0;
  virtual void settle() = 0;
};

class InstanceDriver {
 public:
  /// `plan.config.source` must already be filled (from the interface if not configured);
  /// `ifindex` is the resolved interface. Does not start: feed Startup for that.
  InstanceDriver(DriverContext& ctx, conf::InstancePlan plan, int ifindex, AdvertPort& advert);
  ~InstanceDriver();
  InstanceDriver(const InstanceDriver&) = delete;
  InstanceDriver& operator=(const InstanceDriver&) = delete;

  /// The driver loop step at the current time: handle, drain outputs, re-arm the timer.
  void feed(const proto::Input& input);
  /// The same with an explicit time (tests; also the timer handler, which already read now).
  void feed_at(proto::TimePoint now, const proto::Input& input);

  /// SIGHUP for a matched instance: applies `next` in place (state and VIPs kept) when proto
  /// agrees; VIPs no longer configured are removed and new ones added while MASTER. Returns
  /// false when the caller must restart the instance instead.
  bool reconfigure(proto::TimePoint now, conf::InstancePlan next, AdvertPort& advert);

  /// Netlink saw `address` deleted from `ifindex`. If it is one of our VIPs and we are MASTER,
  /// put it back and count it. Returns true when re-added.
  bool on_address_deleted(int ifindex, const proto::IpAddr& address);

  /// Weight-0 tracker fault and sync-group fault are one proto input (TrackFaultChanged);
  /// these keep them apart and feed their union.
  void set_tracker_fault(bool faulty, bool silent);
  void set_group_fault(bool faulty);
  bool tracker_fault() const { return tracker_fault_; }
  /// The interface's link state (LinkChanged), remembered for sync-group "own fault".
  void set_link(bool up);
  /// Faulty for reasons of its own (link down, weight-0 tracker), not forced by its group. A
  /// tracker fault only pending first results (silent) is not one: the group does not go FAULT
  /// (and notify) for a member whose scripts have simply not run yet.
  bool own_fault() const { return !link_up_ || (tracker_fault_ && !tracker_fault_silent_); }
  bool tracker_pending() const { return tracker_fault_ && tracker_fault_silent_; }
  void set_observer(DriverObserver* observer) { observer_ = observer; }

  /// Startup sweep: removes any of our configured VIPs/eVIPs that are already present.
  void remove_leftover_vips();

  /// use_vmac: VIPs (and their GARP/NA) go on the macvlan `vmac_ifindex` called `name`; adverts
  /// use the socket of `socket_ifindex` (the VMAC, or the parent with vmac_xmit_base/unicast).
  /// Call before Startup.
  void set_vmac(int vmac_ifindex, std::string name, int socket_ifindex);
  /// Reload dropped the instance: its stop reports DELETED (FAULT without notify_deleted).
  void mark_deleted() { deleted_ = true; }

  const conf::InstancePlan& plan() const { return plan_; }
  const proto::Instance& instance() const { return instance_; }
  /// The configured interface (link state, tracking).
  int ifindex() const { return ifindex_; }
  /// Where VIPs go: the VMAC if any, else the interface.
  int vip_ifindex() const { return vmac_ifindex_ ? vmac_ifindex_ : ifindex_; }
  /// The interface of the advert socket (received adverts carry it).
  int socket_ifindex() const { return socket_ifindex_ ? socket_ifindex_ : ifindex_; }
  const std::string& vmac_name() const { return vmac_name_; }
  const DriverCounters& counters() const { return counters_; }
  bool vips_installed() const { return vips_installed_; }
  /// Wall-clock seconds (with µs) of the last transition, 0 if none (JSON dump).
  double last_transition() const { return last_transition_; }
  /// When the current state was entered (the driver's creation until the first transition).
  std::chrono::system_clock::time_point since() const { return since_; }
  /// The most recent StateChanged and when it happened; nullopt until the first one.
  const std::optional<std::pair<proto::StateChanged, std::chrono::system_clock::time_point>>& last_change() const {
    return last_change_;
  }

  /// `vrrpctl priority` / `release` (control_bridge.hpp): a runtime hold on the priority the
  /// daemon feeds instead of the tracked one. In memory only: lost on restart, kept by a reload
  /// that keeps the instance.
  void set_priority_override(std::optional<std::uint8_t> priority) { override_ = priority; }
  std::optional<std::uint8_t> priority_override() const { return override_; }
  void set_released(bool released) { released_ = released; }
  bool released() const { return released_; }
  /// The PriorityChanged value to feed when the trackers say `tracked`: 1 while released, else
  /// the override, else `tracked`.
  std::uint8_t wanted_priority(std::uint8_t tracked) const {
    return released_ ? kReleasedPriority : override_.value_or(tracked);
  }
  bool priority_held() const { return released_ || override_.has_value(); }
  /// A released instance advertises (and competes) with the lowest priority a Backup may have.
  static constexpr std::uint8_t kReleasedPriority = 1;
  /// proto's current deadline (the timer may be waiting for an earlier one, see arm()).
  std::optional<proto::TimePoint> armed_deadline() const { return armed_; }

 private:
  void drain(proto::TimePoint now);
  void arm();
  void on_timer();

  void send(const proto::SendAdvert& out);
  void install(std::span<const proto::IpAddr> vips);
  void remove(std::span<const proto::IpAddr> vips);
  void announce(std::span<const proto::IpAddr> vips, unsigned repeat);
  void state_changed(const proto::StateChanged& out);
  void dropped(proto::TimePoint now, const proto::PacketDropped& out);
  void noted(proto::TimePoint now, const proto::PacketNoted& out);
  void notify(proto::State from, proto::State to);

  const conf::AddressSpec* vip_spec(const proto::IpAddr& address) const;

  DriverContext& ctx_;
  conf::InstancePlan plan_;
  conf::InstancePlan previous_plan_;  // until the next reconfigure: specs of VIPs proto removes
  int ifindex_;
  int vmac_ifindex_ = 0;
  int socket_ifindex_ = 0;
  std::string vmac_name_;
  bool deleted_ = false;
  AdvertPort* advert_;
  proto::Instance instance_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> alive_;  // a completed wait queued before our destruction checks it
  std::optional<proto::TimePoint> armed_;  // proto's current deadline
  proto::TimePoint wait_deadline_{};        // what the pending timer wait is set to
  bool wait_pending_ = false;
  DriverCounters counters_;
  bool vips_installed_ = false;
  bool tracker_fault_ = false;
  bool tracker_fault_silent_ = false;
  bool group_fault_ = false;
  bool link_up_ = true;
  DriverObserver* observer_ = nullptr;
  double last_transition_ = 0;
  std::chrono::system_clock::time_point since_ = std::chrono::system_clock::now();
  std::optional<std::pair<proto::StateChanged, std::chrono::system_clock::time_point>> last_change_;
  std::optional<std::uint8_t> override_;
  bool released_ = false;
  RateLimiter drop_log_{5, std::chrono::seconds(10)};
  NoteLimiter note_log_{std::chrono::minutes(1)};
  RateLimiter error_log_{5, std::chrono::seconds(10)};
};

/// "VRRP_Instance(VI_1)": the prefix of every line about an instance.
std::string instance_tag(const conf::InstancePlan& plan);
/// The reason of a transition as a log phrase ("master down timer expired").
std::string reason_text(const proto::StateChanged& change, const conf::InstancePlan& plan);

}  // namespace vrrp::daemon
