// One VRRP virtual router (interface, family, VRID): the RFC 3768 / RFC 5798 state machine
// plus keepalived's FAULT state. Pure: no I/O, no clock, no allocation after construction.
//
// Contract (quinn-proto style): handle_*-style input goes through handle(now, input); `now`
// never goes backwards. After every handle(), drain poll_output() until nullopt, then re-arm a
// timer from poll_timeout(). The same (now, input) sequence always yields the same outputs.
// Output order within one handle(): the actions of the state being left (e.g. the priority-0
// advert, RemoveVips), then StateChanged, then the new state's actions in wire order (advert,
// InstallVips, AnnounceVips), so "no VIP outside Master" holds at every output boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "proto/counters.hpp"
#include "proto/input.hpp"
#include "proto/instance_config.hpp"
#include "proto/output.hpp"
#include "proto/time.hpp"
#include "proto/validate.hpp"

namespace vrrp::proto {

class Instance {
 public:
  explicit Instance(InstanceConfig config);

  /// Feeds one input. Never fails: bad packets become PacketDropped outputs plus a counter.
  void handle(TimePoint now, const Input& input);
  /// Next action for the shell, oldest first. Spans stay valid until the next handle().
  std::optional<Output> poll_output();
  /// Earliest armed deadline (advert, master-down, preempt-delay, announcement), if any.
  std::optional<TimePoint> poll_timeout() const;
  /// Apply a new config in place keeping state and VIPs where the identity is unchanged.
  /// Returns false when the caller must restart the instance (vrid/family/version changed).
  bool reconfigure(TimePoint now, const InstanceConfig& next);

  State state() const;
  const InstanceConfig& config() const;
  const VrCounters& counters() const;
  std::uint8_t effective_priority() const;
  std::optional<IpAddr> master_address() const;   // last accepted master (Backup)
  /// Sync member held in BACKUP at Master_Down_Timer expiry, waiting for ForceState{Master}.
  bool wants_master() const { return wants_master_; }
  Duration master_adver_interval() const;         // v3: learned; v2: configured

  /// Skew_Time and Master_Down_Interval for the current effective priority and interval.
  Duration skew_time() const;
  Duration master_down_interval() const;
  /// Priority carried by the last advert accepted from the master we follow (0 if none).
  std::uint8_t master_priority() const { return master_priority_; }
  /// Verdict of the last PacketIn (None if accepted or ignored); Router counts from it.
  DropReason last_drop() const { return last_drop_; }
  /// The receive policy built from the config (what validate() checks against).
  const ReceivePolicy& receive_policy() const { return policy_; }

 private:
  void on_startup(TimePoint now);
  void on_shutdown();
  void on_timeout(TimePoint now);
  void on_packet(TimePoint now, const ReceivedPacket& packet);
  void on_advert_as_backup(TimePoint now, const Advertisement& advert, const IpAddr& source);
  void on_advert_as_master(TimePoint now, const Advertisement& advert, const IpAddr& source);
  void on_fault_input(TimePoint now, bool link_up, bool track_fault, Reason reason);
  void on_priority(std::uint8_t priority);
  void on_force(TimePoint now, State to);
  void master_down_expired(TimePoint now, bool preempting);

  void become_master(TimePoint now, Reason reason);
  void become_backup(TimePoint now, Reason reason, Duration down_after);
  void leave_master(bool send_resign);
  void enter(State to, Reason reason, const IpAddr& master, std::uint8_t master_priority,
             bool silent = false);
  void follow(const Advertisement& advert, const IpAddr& source);
  void start_announcements(TimePoint now);
  void arm_preempt_window(TimePoint now);
  void cancel_timers();

  void send_advert(std::uint8_t priority);
  void announce(std::span<const IpAddr> vips, unsigned repeat);
  void push(const Output& output);
  void rebuild();  // derived data (policy, encode template, buffers) from config_

  bool faulty() const { return !link_up_ || track_fault_; }

  InstanceConfig config_;
  ReceivePolicy policy_;
  VrCounters counters_;
  State state_ = State::Initialize;
  std::uint8_t priority_ = kDefaultPriority;  // effective (tracking applied)
  bool link_up_ = true;
  bool track_fault_ = false;
  bool track_silent_ = false;  // track_fault_ only because first results are pending
  Duration master_adver_interval_{0};
  std::optional<IpAddr> master_address_;
  std::uint8_t master_priority_ = 0;
  DropReason last_drop_ = DropReason::None;
  bool wants_master_ = false;  // sync member: WantMaster{true} said, not yet withdrawn

  // Deadlines (quinn's TimerTable): Adver_Timer in Master, Master_Down_Timer in Backup, never
  // both; the others are keepalived extensions (preempt_delay, GARP/NA bursts).
  std::optional<TimePoint> adver_deadline_;
  std::optional<TimePoint> down_deadline_;
  std::optional<TimePoint> preempt_deadline_;
  std::optional<TimePoint> announce_deadline_;   // second burst, then refresh
  bool announce_second_burst_ = false;           // announce_deadline_ is the master_delay burst
  std::optional<TimePoint> lower_prio_announce_deadline_;

  // Transmit side, sized in rebuild(): one encoded copy per destination (unicast peers each
  // get their own checksum, which covers the destination in the pseudo-header).
  Advertisement tx_template_;
  std::vector<std::uint8_t> vip_bytes_;
  std::vector<IpAddr> destinations_;
  std::vector<std::uint8_t> tx_bytes_;
  std::size_t tx_size_ = 0;
  std::vector<IpAddr> vips_added_;
  std::vector<IpAddr> vips_removed_;

  // Output ring: fixed capacity, so the hot path never allocates.
  std::vector<Output> ring_;
  std::size_t ring_head_ = 0;
  std::size_t ring_size_ = 0;
};

}  // namespace vrrp::proto
