// InstanceSet: demultiplexing by (interface, family, VRID), and the start/reload/stop sequences.
#include "vrrpd/instance_set.hpp"

#include <algorithm>

#include "vrrpd/clock.hpp"

namespace vrrp::daemon {

int socket_ifindex(const conf::InstancePlan& plan, int ifindex, int vmac_ifindex) {
  if (vmac_ifindex == 0 || plan.vmac_xmit_base || plan.config.unicast() ||
      plan.config.family != proto::Family::Ipv4) {
    return ifindex;
  }
  return vmac_ifindex;
}

InstanceSet::InstanceSet(DriverContext& ctx, SocketPool& sockets) : ctx_(ctx), sockets_(sockets) {}

InstanceSet::~InstanceSet() {
  groups_.clear();
  for (auto& d : drivers_) {
    if (d) d->set_observer(nullptr);
    destroy(d);
  }
}

SocketPool::Key InstanceSet::key_of(const conf::InstancePlan& plan, int socket_ifindex) {
  SocketPool::Key key;
  key.ifindex = socket_ifindex;
  key.family = plan.config.family;
  key.multicast = !plan.config.unicast();
  if (!key.multicast) key.source = plan.config.source;
  return key;
}

std::unique_ptr<InstanceDriver> InstanceSet::make_driver(ResolvedPlan& r) {
  std::error_code ec;
  const int sock_if = socket_ifindex(r.plan, r.ifindex, r.vmac_ifindex);
  const auto key = key_of(r.plan, sock_if);
  AdvertPort* port = sockets_.acquire(key, r.plan.config.vrid, r.plan.config.source, ec);
  if (!port) {
    ctx_.log.line(LogLevel::Error, instance_tag(r.plan), " cannot open VRRP socket on ",
                  r.plan.interface, ": ", ec.message(), "; instance not started");
    return nullptr;
  }
  auto driver = std::make_unique<InstanceDriver>(ctx_, std::move(r.plan), r.ifindex, *port);
  if (r.vmac_ifindex) driver->set_vmac(r.vmac_ifindex, r.vmac_name, sock_if);
  driver->set_observer(this);
  return driver;
}

void InstanceSet::destroy(std::unique_ptr<InstanceDriver>& driver) {
  if (!driver) return;
  sockets_.release(key_of(driver->plan(), driver->socket_ifindex()), driver->plan().config.vrid);
  driver.reset();
}

std::size_t InstanceSet::create(std::vector<ResolvedPlan> plans, bool sweep_vips) {
  for (auto& r : plans) {
    const bool link_up = r.link_up;
    auto driver = make_driver(r);
    if (!driver) continue;
    if (sweep_vips) driver->remove_leftover_vips();
    if (!link_up) pending_link_down_.push_back(driver.get());
    drivers_.push_back(std::move(driver));
  }
  update_stall_threshold();
  return drivers_.size();
}

void InstanceSet::startup() {
  rebuild_groups(false);
  // keepalived-surface.md §5.11: report initial own faults, then let each group leave INIT.
  for (auto& g : groups_) {
    for (std::size_t i = 0; i < g->members.size(); ++i) {
      const bool down = std::find(pending_link_down_.begin(), pending_link_down_.end(),
                                  g->members[i]) != pending_link_down_.end();
      if (down || g->members[i]->own_fault()) apply(*g, g->policy.on_own_fault(i, true));
    }
    apply(*g, g->policy.startup());
  }
  settle();
  for (auto& d : drivers_) {
    if (d->instance().state() != proto::State::Initialize) continue;
    // Link state first: proto remembers it in Initialize and Startup then goes straight to FAULT.
    if (std::find(pending_link_down_.begin(), pending_link_down_.end(), d.get()) !=
        pending_link_down_.end()) {
      d->set_link(false);
    }
    d->feed(proto::Startup{});
  }
  pending_link_down_.clear();
}

void InstanceSet::on_packet(int ifindex, const proto::ReceivedPacket& packet) {
  if (packet.vrrp.size() < 2) {
    ++router_counters_.packet_length_errors;
    return;
  }
  const auto family = packet.source.family();
  const auto vrid = packet.vrrp[1];
  InstanceDriver* target = nullptr;
  for (auto& d : drivers_) {
    const auto& c = d->plan().config;
    if (c.vrid != vrid || c.family != family) continue;
    if (d->socket_ifindex() != 0 && d->socket_ifindex() != ifindex) continue;
    // Check 2 (vrrp-conformance.md §2.1): our own advert looped back is ignored silently.
    if (packet.source == c.source) return;
    if (c.unicast() && packet.destination.is_multicast() == false) {
      // Unicast VRs sharing a VRID on one interface are told apart by their peer sets.
      if (std::find(c.unicast_peers.begin(), c.unicast_peers.end(), packet.source) !=
          c.unicast_peers.end()) {
        target = d.get();
        break;
      }
    }
    if (!target) target = d.get();
  }
  if (!target) {
    ++router_counters_.vrid_errors;
    if (unknown_log_.allow(ctx_.clock())) {
      ctx_.log.line(LogLevel::Debug, "advert for unconfigured VRID ", int{vrid}, " from ",
                    packet.source.to_string(), " ignored");
    }
    return;
  }
  // keepalived-surface.md §5 (MASTER, advert received): a lower priority (not 0) heard while
  // MASTER fires notify_master_rx_lower_pri / MASTER_RX_LOWER_PRI. Only checked when configured
  // or a FIFO might want it; a master normally hears no adverts at all.
  auto drops = [&] {
    std::uint64_t n = 0;
    for (const auto d : target->instance().counters().drops) n += d;
    return n;
  };
  const bool master_before = target->instance().state() == proto::State::Master;
  const std::uint8_t their = packet.vrrp.size() > 2 ? packet.vrrp[2] : 0;
  const auto drops_before = master_before ? drops() : 0;
  // Router-wide counters (vrrp-conformance.md §2.2): proto validates inside the instance and
  // counts per VR; the router totals for the same reasons are summed here.
  const auto& vr = target->instance().counters();
  using proto::DropReason;
  const std::uint64_t checksum_before = vr.dropped(DropReason::Checksum);
  const std::uint64_t version_before = vr.dropped(DropReason::Version);
  const std::uint64_t ttl_before = vr.dropped(DropReason::IpTtl);
  target->feed(proto::PacketIn{packet});
  router_counters_.checksum_errors += vr.dropped(DropReason::Checksum) - checksum_before;
  router_counters_.version_errors += vr.dropped(DropReason::Version) - version_before;
  router_counters_.ip_ttl_errors += vr.dropped(DropReason::IpTtl) - ttl_before;
  if (master_before && their != 0 && target->instance().state() == proto::State::Master &&
      their < target->instance().effective_priority() && drops() == drops_before) {
    ctx_.notifier.instance_event(target->plan(), exec::NotifyEvent::MasterRxLowerPri,
                                 target->instance().effective_priority());
  }
}

void InstanceSet::on_rejected_packet(proto::DropReason reason) {
  if (reason == proto::DropReason::Version) ++router_counters_.version_errors;
  else if (reason == proto::DropReason::Checksum) ++router_counters_.checksum_errors;
  else ++router_counters_.packet_length_errors;
}

void InstanceSet::on_link(int ifindex, bool up) {
  for (auto& d : drivers_) {
    if (d->ifindex() != ifindex || d->plan().dont_track_primary) continue;
    d->set_link(up);
    own_fault_changed(*d);
  }
}

void InstanceSet::on_address_deleted(int ifindex, const proto::IpAddr& address) {
  for (auto& d : drivers_) d->on_address_deleted(ifindex, address);
}

ReloadPlan InstanceSet::reload(std::vector<ResolvedPlan> next) {
  std::vector<conf::InstancePlan> old_plans;
  old_plans.reserve(drivers_.size());
  for (const auto& d : drivers_) old_plans.push_back(d->plan());
  std::vector<conf::InstancePlan> new_plans;
  new_plans.reserve(next.size());
  for (const auto& r : next) new_plans.push_back(r.plan);
  const auto plan = plan_reload(old_plans, new_plans);

  groups_.clear();  // rebuilt below from the new plans
  pending_.clear();
  std::vector<std::unique_ptr<InstanceDriver>> kept(next.size());
  std::vector<bool> start_fresh(next.size(), false);
  for (const auto& [o, n] : plan.matched) {
    auto& old = drivers_[o];
    std::error_code ec;
    const int sock_if = socket_ifindex(next[n].plan, next[n].ifindex, next[n].vmac_ifindex);
    const auto key = key_of(next[n].plan, sock_if);
    AdvertPort* port = sockets_.acquire(key, next[n].plan.config.vrid, next[n].plan.config.source, ec);
    if (port && old->ifindex() == next[n].ifindex && old->socket_ifindex() == sock_if &&
        old->vip_ifindex() == (next[n].vmac_ifindex ? next[n].vmac_ifindex : next[n].ifindex) &&
        old->reconfigure(ctx_.clock(), next[n].plan, *port)) {
      // The new use of the socket was taken above; give back the old one.
      sockets_.release(key_of(old_plans[o], old->socket_ifindex()), old_plans[o].config.vrid);
      kept[n] = std::move(old);
      ctx_.log.line(LogLevel::Info, instance_tag(kept[n]->plan()), " reloaded, staying ",
                    proto::to_string(kept[n]->instance().state()));
      continue;
    }
    if (port) sockets_.release(key, next[n].plan.config.vrid);
    ctx_.log.line(LogLevel::Info, instance_tag(old_plans[o]), " changed identity-level settings; restarting");
    old->mark_deleted();  // §5.10: delete (DELETED/FAULT notify) and fresh start
    old->feed(proto::Shutdown{});
    destroy(old);
    start_fresh[n] = true;
  }
  for (const auto o : plan.removed) {
    ctx_.log.line(LogLevel::Info, instance_tag(old_plans[o]), " removed from configuration; releasing");
    drivers_[o]->mark_deleted();
    drivers_[o]->feed(proto::Shutdown{});
    destroy(drivers_[o]);
  }
  for (const auto n : plan.added) start_fresh[n] = true;

  drivers_.clear();
  for (std::size_t n = 0; n < next.size(); ++n) {
    if (kept[n]) {
      drivers_.push_back(std::move(kept[n]));
      continue;
    }
    if (!start_fresh[n]) continue;
    const bool link_up = next[n].link_up;
    auto driver = make_driver(next[n]);
    if (!driver) continue;
    drivers_.push_back(std::move(driver));
    if (!link_up) drivers_.back()->set_link(false);
    // A restarted instance reports its own faults again (trackers feed it after reload).
    drivers_.back()->feed(proto::Startup{});
  }
  rebuild_groups(true);
  update_stall_threshold();
  return plan;
}

void InstanceSet::shutdown(bool release) {
  std::vector<std::string> names;
  for (const auto& g : groups_) names.push_back(g->name);
  groups_.clear();  // members leave one by one; no group decisions while stopping
  for (auto& d : drivers_) {
    d->set_observer(nullptr);
    if (release) d->feed(proto::Shutdown{});
    destroy(d);
  }
  drivers_.clear();
  // The groups' notify_stop, after their members' (instance, then group: §4.1).
  for (const auto& name : names) ctx_.notifier.group_event(name, exec::NotifyEvent::Stop);
}

proto::Duration InstanceSet::smallest_interval() const {
  proto::Duration smallest = std::chrono::seconds(1);
  bool any = false;
  for (const auto& d : drivers_) {
    const auto i = d->plan().config.advert_interval;
    if (!any || i < smallest) smallest = i;
    any = true;
  }
  return smallest;
}

void InstanceSet::update_stall_threshold() {
  ctx_.stalls.set_threshold(StallDetector::threshold_for(smallest_interval()));
}


std::pair<InstanceSet::Group*, std::size_t> InstanceSet::group_of(const InstanceDriver& driver) {
  for (auto& g : groups_) {
    for (std::size_t i = 0; i < g->members.size(); ++i) {
      if (g->members[i] == &driver) return {g.get(), i};
    }
  }
  return {nullptr, 0};
}

void InstanceSet::rebuild_groups(bool running) {
  groups_.clear();
  std::vector<std::string> names;
  for (const auto& d : drivers_) {
    const auto& name = d->plan().sync_group;
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  for (const auto& name : names) {
    std::vector<proto::SyncMember> members;
    std::vector<InstanceDriver*> drivers;
    for (const auto& d : drivers_) {
      if (d->plan().sync_group != name) continue;
      const auto& c = d->plan().config;
      const bool master = c.initial_state == proto::InitialState::Master || (c.owner() && !c.initial_state_explicit);
      members.push_back(proto::SyncMember{c.name, c.owner(), master ? proto::InitialState::Master
                                                                    : proto::InitialState::Backup});
      drivers.push_back(d.get());
    }
    groups_.push_back(std::make_unique<Group>(Group{name, proto::SyncGroup(std::move(members)), std::move(drivers)}));
  }
  if (!running) return;
  // Reload: the new policies learn where the members already are (no startup()).
  for (auto& g : groups_) {
    for (std::size_t i = 0; i < g->members.size(); ++i) {
      auto* d = g->members[i];
      if (d->own_fault()) apply(*g, g->policy.on_own_fault(i, true));
      apply(*g, g->policy.on_state_changed(i, proto::State::Initialize, d->instance().state()));
    }
  }
  settle();
}

void InstanceSet::apply(Group& group, const proto::SyncDecision& decision) {
  for (const auto& c : decision.commands) {
    if (c.member < group.members.size()) pending_.emplace_back(group.members[c.member], c.force);
  }
  if (decision.transition) {
    const auto to = decision.transition->to;
    ctx_.log.line(LogLevel::Info, "VRRP_Group(", group.name, ") Entering ", proto::to_string(to), " STATE");
    using exec::NotifyEvent;
    const auto event = to == proto::State::Master   ? NotifyEvent::Master
                       : to == proto::State::Backup ? NotifyEvent::Backup
                       : to == proto::State::Fault  ? NotifyEvent::Fault
                                                    : NotifyEvent::Stop;
    group_events_.emplace_back(group.name, event);
  }
}

void InstanceSet::own_fault_changed(InstanceDriver& driver) {
  auto [group, index] = group_of(driver);
  if (!group) return;
  apply(*group, group->policy.on_own_fault(index, driver.own_fault()));
  settle();
}

void InstanceSet::on_state_changed(InstanceDriver& driver, proto::State from, proto::State to) {
  auto [group, index] = group_of(driver);
  if (group) apply(*group, group->policy.on_state_changed(index, from, to));
}

void InstanceSet::on_wants_master(InstanceDriver& driver, bool wants) {
  auto [group, index] = group_of(driver);
  if (group) apply(*group, group->policy.on_wants_master(index, wants));
}

void InstanceSet::settle() {
  if (settling_) return;  // the outer settle() picks up what nested feeds queue
  settling_ = true;
  while (!pending_.empty() || !group_events_.empty()) {
    if (pending_.empty()) {
      const auto [group, event] = group_events_.front();
      group_events_.erase(group_events_.begin());
      ctx_.notifier.group_event(group, event);
      continue;
    }
    const auto [driver, force] = pending_.front();
    pending_.erase(pending_.begin());
    switch (force) {
      case proto::MemberForce::Master: driver->feed(proto::ForceState{proto::State::Master}); break;
      case proto::MemberForce::Backup: driver->feed(proto::ForceState{proto::State::Backup}); break;
      case proto::MemberForce::EnterGroupFault: driver->set_group_fault(true); break;
      case proto::MemberForce::LeaveGroupFault: driver->set_group_fault(false); break;
    }
  }
  settling_ = false;
}

}  // namespace vrrp::daemon
