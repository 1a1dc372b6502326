// ControlBridge: snapshots of the InstanceSet for the control socket and the metrics, and the
// runtime priority hold (`vrrpctl priority` / `release`) fed as proto inputs.
#include "vrrpd/control_bridge.hpp"

#include "vrrpd/version.hpp"

namespace vrrp::daemon {

namespace {

control::ControlError unknown(const std::string& name) {
  return {control::ErrorCode::UnknownInstance, "no instance named \"" + name + "\""};
}

control::ControlError owner_refused(const std::string& name) {
  return {control::ErrorCode::Failed,
          "instance \"" + name + "\" owns its addresses: its priority is fixed at 255"};
}

}  // namespace

ControlBridge::ControlBridge(InstanceSet& set, const StallDetector& stalls, Hooks hooks)
    : set_(set), stalls_(stalls), hooks_(std::move(hooks)), started_(std::chrono::system_clock::now()) {}

control::InstanceStatus ControlBridge::status_of(const InstanceDriver& driver) {
  const auto& plan = driver.plan();
  const auto& inst = driver.instance();
  control::InstanceStatus s;
  s.name = plan.config.name;
  s.interface = plan.interface;
  s.vrid = plan.config.vrid;
  s.version = plan.config.version;
  s.family = plan.config.family;
  s.state = inst.state();
  s.effective_priority = inst.effective_priority();
  s.base_priority = plan.config.priority;
  s.priority_override = driver.priority_override();
  s.released = driver.released();
  if (s.state == proto::State::Master) {
    s.master = plan.config.source;
    s.master_priority = inst.effective_priority();
  } else if (s.state == proto::State::Backup) {
    s.master = inst.master_address();
    s.master_priority = s.master ? inst.master_priority() : 0;
  }
  s.since = driver.since();
  if (const auto& change = driver.last_change()) {
    s.last_transition = control::Transition{change->first.from, change->first.to, change->first.reason, change->second};
  }
  s.vips = plan.config.vips;
  s.counters = inst.counters();
  return s;
}

control::Snapshot ControlBridge::snapshot() {
  control::Snapshot snap;
  snap.daemon = control::DaemonStatus{std::string(kVersion), started_, set_.router_counters(), stalls_.stalls()};
  for (const auto& d : set_.drivers()) snap.instances.push_back(status_of(*d));
  return snap;
}

InstanceDriver* ControlBridge::find(const std::string& name) const {
  for (const auto& d : set_.drivers()) {
    if (d->plan().config.name == name) return d.get();
  }
  return nullptr;
}

std::uint8_t ControlBridge::tracked_priority(const InstanceDriver& driver) const {
  if (hooks_.trackers) return hooks_.trackers(driver.plan()).outcome().priority;
  return driver.plan().config.priority;
}

control::ControlResult<control::Explanation> ControlBridge::explain(const std::string& name) {
  const auto* d = find(name);
  if (!d) return std::unexpected(unknown(name));
  const auto& config = d->plan().config;
  control::Explanation e;
  e.status = status_of(*d);
  e.priority = hooks_.trackers ? hooks_.trackers(d->plan()).explain() : proto::TrackerSet(config.priority).explain();
  e.preempt = config.preempt;
  e.preempt_delay = std::chrono::duration_cast<std::chrono::milliseconds>(config.preempt_delay);
  e.advert_interval = std::chrono::duration_cast<std::chrono::milliseconds>(config.advert_interval);
  e.sync_member = !d->plan().sync_group.empty();
  e.sync_group = d->plan().sync_group;
  return e;
}

control::ControlResult<std::string> ControlBridge::reload() {
  if (!hooks_.reload) return std::unexpected(control::ControlError{control::ErrorCode::Failed, "reload is not available"});
  auto r = hooks_.reload();
  if (!r) return std::unexpected(control::ControlError{control::ErrorCode::Failed, r.error()});
  return *r;
}

control::ControlResult<void> ControlBridge::set_priority(const std::string& name,
                                                         std::optional<std::uint8_t> priority) {
  auto* d = find(name);
  if (!d) return std::unexpected(unknown(name));
  if (d->plan().config.owner()) return std::unexpected(owner_refused(name));
  if (priority && (*priority < 1 || *priority >= proto::kOwnerPriority)) {
    return std::unexpected(control::ControlError{control::ErrorCode::BadRequest, "priority must be 1..254"});
  }
  d->set_released(false);
  d->set_priority_override(priority);
  // A Master's next advert carries it; a Backup uses it from its next advert heard (preempt).
  d->feed(proto::PriorityChanged{d->wanted_priority(tracked_priority(*d))});
  return {};
}

control::ControlResult<void> ControlBridge::release(const std::string& name) {
  auto* d = find(name);
  if (!d) return std::unexpected(unknown(name));
  if (d->plan().config.owner()) return std::unexpected(owner_refused(name));
  d->set_released(true);
  d->feed(proto::PriorityChanged{d->wanted_priority(tracked_priority(*d))});
  if (d->instance().state() == proto::State::Master) d->feed(proto::ForceState{proto::State::Backup});
  return {};
}

}  // namespace vrrp::daemon
