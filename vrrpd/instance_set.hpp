// All running instances: demultiplexes received adverts and interface events to them, and
// applies start, reload (reload_plan.hpp) and shutdown. Knows ports, not netif or conf files.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "proto/counters.hpp"
#include "proto/sync_group.hpp"
#include "vrrpd/instance_driver.hpp"
#include "vrrpd/reload_plan.hpp"

namespace vrrp::daemon {

/// An instance plan with what the daemon learnt from the host: the interface index and whether
/// its link is up. `plan.config.source` is already filled in.
struct ResolvedPlan {
  conf::InstancePlan plan;
  int ifindex = 0;
  bool link_up = true;
  /// use_vmac: the macvlan created for it (0: none).
  int vmac_ifindex = 0;
  std::string vmac_name;
};

/// The interface an instance's advert socket is bound to: its VMAC for multicast IPv4 with
/// use_vmac (adverts then leave with the virtual MAC), else the interface itself (vmac_xmit_base,
/// unicast — keepalived-surface.md §2.3 forces xmit_base there — and IPv6, see vrrpd(8)).
int socket_ifindex(const conf::InstancePlan& plan, int ifindex, int vmac_ifindex);

class InstanceSet : public DriverObserver {
 public:
  InstanceSet(DriverContext& ctx, SocketPool& sockets);
  ~InstanceSet() override;

  /// Creates one driver per plan (opening sockets; with `sweep_vips`, configured VIPs already
  /// present are removed first); instances whose socket cannot be opened are logged and
  /// skipped. Returns how many exist. Nothing is sent until startup().
  std::size_t create(std::vector<ResolvedPlan> plans, bool sweep_vips);
  /// Feeds Startup to every created driver (then LinkChanged{false} where the link was down).
  void startup();
  /// create() then startup().
  std::size_t start(std::vector<ResolvedPlan> plans, bool sweep_vips) {
    const auto n = create(std::move(plans), sweep_vips);
    startup();
    return n;
  }

  /// One received advert (IP header already taken apart) from `ifindex`.
  void on_packet(int ifindex, const proto::ReceivedPacket& packet);
  /// A packet the socket layer rejected before an instance could be identified.
  void on_rejected_packet(proto::DropReason reason);
  void on_link(int ifindex, bool up);
  void on_address_deleted(int ifindex, const proto::IpAddr& address);

  /// SIGHUP: matched instances keep state and VIPs; others are released or started.
  /// Returns the plan that was applied (for the log line and tests).
  ReloadPlan reload(std::vector<ResolvedPlan> next);

  /// SIGTERM: every instance gets Shutdown (a Master sends priority 0 and removes its VIPs)
  /// unless `release` is false (-V). All drivers are destroyed afterwards.
  void shutdown(bool release);

  /// A member's own fault (weight-0 tracker) may have changed: tell its vrrp_sync_group.
  void own_fault_changed(InstanceDriver& driver);

  // DriverObserver: vrrp_sync_group wiring (proto::SyncGroup decides, we apply).
  void on_state_changed(InstanceDriver& driver, proto::State from, proto::State to) override;
  void on_wants_master(InstanceDriver& driver, bool wants) override;
  void settle() override;

  std::span<const std::unique_ptr<InstanceDriver>> drivers() const { return drivers_; }
  std::size_t sync_groups() const { return groups_.size(); }
  const proto::RouterCounters& router_counters() const { return router_counters_; }
  /// The smallest configured advert interval (stall threshold input); 1 s if none run.
  proto::Duration smallest_interval() const;

 private:
  std::unique_ptr<InstanceDriver> make_driver(ResolvedPlan& r);
  void destroy(std::unique_ptr<InstanceDriver>& driver);
  static SocketPool::Key key_of(const conf::InstancePlan& plan, int socket_ifindex);
  void update_stall_threshold();
  struct Group {
    std::string name;
    proto::SyncGroup policy;
    std::vector<InstanceDriver*> members;
  };
  std::pair<Group*, std::size_t> group_of(const InstanceDriver& driver);
  void apply(Group& group, const proto::SyncDecision& decision);
  /// Groups from the drivers' plans (sync_group names), in driver order. With `running`, the
  /// members' current states are reported to the new policies (reload).
  void rebuild_groups(bool running);

  DriverContext& ctx_;
  SocketPool& sockets_;
  std::vector<std::unique_ptr<InstanceDriver>> drivers_;
  std::vector<InstanceDriver*> pending_link_down_;  // created with the link down, until startup()
  proto::RouterCounters router_counters_;
  RateLimiter unknown_log_{5, std::chrono::seconds(10)};
  std::vector<std::unique_ptr<Group>> groups_;
  std::vector<std::pair<InstanceDriver*, proto::MemberForce>> pending_;  // applied by settle()
  /// Group notifies, posted by settle() after the members' own (§4.1: instance, then group).
  std::vector<std::pair<std::string, exec::NotifyEvent>> group_events_;
  bool settling_ = false;
};

}  // namespace vrrp::daemon
