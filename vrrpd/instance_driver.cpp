// InstanceDriver: the feed → drain → re-arm loop for one instance and the effect of each
// proto::Output (socket, netlink, announcements, logs, notify scripts).
#include "vrrpd/instance_driver.hpp"

#include <chrono>

#include "vrrpd/clock.hpp"

namespace vrrp::daemon {

namespace {

double wall_seconds() {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return static_cast<double>(us.count()) / 1e6;
}

struct NoteText {
  std::uint32_t bit;
  const char* text;
};
constexpr NoteText kNoteTexts[] = {
    {proto::kNoteChecksumOtherForm, "checksum verified only in the other v3 form"},
    {proto::kNoteAddressListDiffers, "address list differs from ours"},
    {proto::kNoteFirstNotLinkLocal, "first IPv6 address is not link-local"},
    {proto::kNoteIntervalDiffers, "advert interval differs from ours"},
    {proto::kNoteOwnerConflict, "another router advertises our VRID while we own its addresses"},
};

}  // namespace

std::string instance_tag(const conf::InstancePlan& plan) {
  return "VRRP_Instance(" + plan.config.name + ")";
}

std::string reason_text(const proto::StateChanged& change, const conf::InstancePlan& plan) {
  using proto::Reason;
  switch (change.reason) {
    case Reason::Startup: return "startup";
    case Reason::Owner: return "address owner, priority 255";
    case Reason::MasterDown: return "master down timer expired";
    case Reason::HigherPriority:
      return "higher priority advert from " + change.master.to_string() + " priority " +
             std::to_string(change.master_priority);
    case Reason::Shutdown: return "shutdown";
    case Reason::LinkDown: return "interface " + plan.interface + " down";
    case Reason::LinkUp: return "interface " + plan.interface + " up";
    case Reason::TrackFault: return "tracked object failed";
    case Reason::TrackRecovered: return "tracked objects recovered";
    case Reason::Reconfigured: return "reconfigured";
    case Reason::SyncGroup: return "forced by its sync group";
  }
  return std::string(proto::to_string(change.reason));
}

InstanceDriver::InstanceDriver(DriverContext& ctx, conf::InstancePlan plan, int ifindex,
                               AdvertPort& advert)
    : ctx_(ctx),
      plan_(std::move(plan)),
      ifindex_(ifindex),
      advert_(&advert),
      instance_(plan_.config),
      timer_(ctx.io),
      alive_(std::make_shared<bool>(true)) {}

InstanceDriver::~InstanceDriver() = default;

void InstanceDriver::feed(const proto::Input& input) { feed_at(ctx_.clock(), input); }

void InstanceDriver::feed_at(proto::TimePoint now, const proto::Input& input) {
  instance_.handle(now, input);
  drain(now);
  if (observer_) observer_->settle();
}

void InstanceDriver::set_tracker_fault(bool faulty, bool silent) {
  tracker_fault_ = faulty;
  tracker_fault_silent_ = silent;
  feed(proto::TrackFaultChanged{tracker_fault_ || group_fault_, tracker_fault_silent_ && !group_fault_});
}

void InstanceDriver::set_link(bool up) {
  link_up_ = up;
  feed(proto::LinkChanged{up});
}

void InstanceDriver::set_group_fault(bool faulty) {
  group_fault_ = faulty;
  feed(proto::TrackFaultChanged{tracker_fault_ || group_fault_, tracker_fault_silent_ && !group_fault_});
}

void InstanceDriver::drain(proto::TimePoint now) {
  while (auto out = instance_.poll_output()) {
    std::visit(
        [&](const auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, proto::SendAdvert>) send(o);
          else if constexpr (std::is_same_v<T, proto::InstallVips>) install(o.vips);
          else if constexpr (std::is_same_v<T, proto::RemoveVips>) remove(o.vips);
          else if constexpr (std::is_same_v<T, proto::AnnounceVips>) announce(o.vips, o.repeat);
          else if constexpr (std::is_same_v<T, proto::StateChanged>) state_changed(o);
          else if constexpr (std::is_same_v<T, proto::PacketDropped>) dropped(now, o);
          else if constexpr (std::is_same_v<T, proto::PacketNoted>) noted(now, o);
          else if constexpr (std::is_same_v<T, proto::WantMaster>) {
            if (observer_) observer_->on_wants_master(*this, o.wants);
          }
        },
        *out);
  }
  arm();
}

void InstanceDriver::arm() {
  armed_ = instance_.poll_timeout();
  if (!armed_) {
    if (wait_pending_) timer_.cancel();
    wait_pending_ = false;
    return;
  }
  // A pending wait that ends no later than the new deadline is kept: when it completes early,
  // on_timer() simply waits again. A Backup hearing its master every interval thus never
  // cancels (cancel + re-wait per packet would cost an allocation with Asio 1.74's one-slot
  // handler memory cache, and a timerfd update).
  if (wait_pending_ && wait_deadline_ <= *armed_) return;
  wait_deadline_ = *armed_;
  wait_pending_ = true;
  timer_.expires_at(wait_deadline_);  // cancels any pending wait, which then sees operation_aborted
  std::weak_ptr<bool> alive = alive_;
  timer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    on_timer();
  });
}

void InstanceDriver::on_timer() {
  wait_pending_ = false;
  const auto t = ctx_.clock();
  if (auto late = ctx_.stalls.observe(wait_deadline_, t)) {
    ctx_.log.line(LogLevel::Warning, instance_tag(plan_), " event loop ran ",
                  std::chrono::duration_cast<std::chrono::microseconds>(*late).count(),
                  " us late (threshold ", ctx_.stalls.threshold().count(), " us, stall #",
                  ctx_.stalls.stalls(), ")");
  }
  if (armed_ && *armed_ <= t) {
    feed_at(t, proto::Timeout{});
  } else {
    arm();  // the deadline moved later while we waited
  }
}

void InstanceDriver::send(const proto::SendAdvert& out) {
  if (const auto ec = advert_->send(out.vrrp, out.destination)) {
    ++counters_.send_errors;
    if (error_log_.allow(ctx_.clock())) {
      ctx_.log.line(LogLevel::Error, instance_tag(plan_), " cannot send advert to ",
                    out.destination.to_string(), ": ", ec.message());
    }
  }
}

const conf::AddressSpec* InstanceDriver::vip_spec(const proto::IpAddr& address) const {
  for (const auto* plan : {&plan_, &previous_plan_}) {
    for (const auto& spec : plan->virtual_ipaddress) {
      if (spec.address == address) return &spec;
    }
  }
  return nullptr;
}

void InstanceDriver::install(std::span<const proto::IpAddr> vips) {
  auto add = [&](const conf::AddressSpec& spec) {
    if (const auto ec = ctx_.host.add_address(spec, vip_ifindex())) {
      ++counters_.address_errors;
      ctx_.log.line(LogLevel::Error, instance_tag(plan_), " cannot add ", spec.address.to_string(),
                    "/", spec.prefix, ": ", ec.message());
    }
  };
  for (const auto& vip : vips) {
    if (const auto* spec = vip_spec(vip)) {
      add(*spec);
    } else {
      conf::AddressSpec plain;
      plain.address = vip;
      plain.prefix = vip.family() == proto::Family::Ipv4 ? 32 : 128;
      add(plain);
    }
  }
  for (const auto& spec : plan_.virtual_ipaddress_excluded) add(spec);
  vips_installed_ = true;
}

void InstanceDriver::remove(std::span<const proto::IpAddr> vips) {
  auto del = [&](const conf::AddressSpec& spec) {
    if (const auto ec = ctx_.host.remove_address(spec, vip_ifindex())) {
      ++counters_.address_errors;
      ctx_.log.line(LogLevel::Error, instance_tag(plan_), " cannot remove ",
                    spec.address.to_string(), ": ", ec.message());
    }
  };
  for (const auto& vip : vips) {
    if (const auto* spec = vip_spec(vip)) {
      del(*spec);
    } else {
      conf::AddressSpec plain;
      plain.address = vip;
      plain.prefix = vip.family() == proto::Family::Ipv4 ? 32 : 128;
      del(plain);
    }
  }
  for (const auto& spec : plan_.virtual_ipaddress_excluded) del(spec);
  vips_installed_ = false;
}

void InstanceDriver::announce(std::span<const proto::IpAddr> vips, unsigned repeat) {
  auto one = [&](const conf::AddressSpec& spec) {
    if (const auto ec = ctx_.host.announce(spec, vip_ifindex(), repeat)) {
      if (error_log_.allow(ctx_.clock())) {
        ctx_.log.line(LogLevel::Warning, instance_tag(plan_), " cannot announce ",
                      spec.address.to_string(), ": ", ec.message());
      }
    }
  };
  for (const auto& vip : vips) {
    if (const auto* spec = vip_spec(vip)) {
      one(*spec);
    } else {
      conf::AddressSpec plain;
      plain.address = vip;
      one(plain);
    }
  }
  for (const auto& spec : plan_.virtual_ipaddress_excluded) one(spec);
}

void InstanceDriver::state_changed(const proto::StateChanged& out) {
  last_transition_ = wall_seconds();
  since_ = std::chrono::system_clock::now();
  last_change_.emplace(out, since_);
  if (out.from == proto::State::Master) ++counters_.release_master;
  if (out.to == proto::State::Initialize) {
    ctx_.log.line(LogLevel::Info, instance_tag(plan_), " Stopped (", reason_text(out, plan_), ")");
  } else {
    ctx_.log.line(LogLevel::Info, instance_tag(plan_), " Entering ", proto::to_string(out.to),
                  " STATE (", reason_text(out, plan_), ")");
  }
  // A FAULT held only until the first tracker results arrive runs no notify (§4.1).
  if (!out.silent) notify(out.from, out.to);
  if (observer_) observer_->on_state_changed(*this, out.from, out.to);
}

void InstanceDriver::notify(proto::State from, proto::State to) {
  using exec::NotifyEvent;
  NotifyEvent event = NotifyEvent::Stop;
  switch (to) {
    case proto::State::Master: event = NotifyEvent::Master; break;
    case proto::State::Backup: event = NotifyEvent::Backup; break;
    case proto::State::Fault: event = NotifyEvent::Fault; break;
    case proto::State::Initialize:
      // keepalived-surface.md §5.10: a deleted instance reports DELETED (or FAULT), unless it
      // already was in FAULT.
      if (deleted_) {
        if (from == proto::State::Fault) return;
        event = NotifyEvent::Deleted;
      }
      break;
  }
  ctx_.notifier.instance_event(plan_, event, instance_.effective_priority());
}

void InstanceDriver::dropped(proto::TimePoint now, const proto::PacketDropped& out) {
  if (!drop_log_.allow(now)) return;
  const auto suppressed = drop_log_.take_suppressed();
  ctx_.log.line(LogLevel::Info, instance_tag(plan_), " dropped advert from ", out.source.to_string(),
                ": ", proto::counter_name(out.reason),
                suppressed ? " (" + std::to_string(suppressed) + " similar suppressed)" : "");
}

void InstanceDriver::noted(proto::TimePoint now, const proto::PacketNoted& out) {
  // One line per (note, sender) a minute: a peer repeats the same quirk in every advert.
  for (const auto& n : kNoteTexts) {
    if (!(out.notes & n.bit)) continue;
    std::uint64_t suppressed = 0;
    if (!note_log_.allow(now, n.bit, out.source, suppressed)) continue;
    ctx_.log.line(LogLevel::Info, instance_tag(plan_), " advert from ", out.source.to_string(), ": ", n.text,
                  suppressed ? " (" + std::to_string(suppressed) + " more in the last minute)" : "");
  }
}

void InstanceDriver::set_vmac(int vmac_ifindex, std::string name, int socket_ifindex) {
  vmac_ifindex_ = vmac_ifindex;
  vmac_name_ = std::move(name);
  socket_ifindex_ = socket_ifindex;
}

bool InstanceDriver::reconfigure(proto::TimePoint now, conf::InstancePlan next, AdvertPort& advert) {
  if (!instance_.reconfigure(now, next.config)) return false;
  previous_plan_ = std::move(plan_);
  plan_ = std::move(next);
  advert_ = &advert;
  if (vips_installed_) {
    // Only the excluded addresses are ours to diff: proto reports advertised VIP changes.
    auto contains = [](const std::vector<conf::AddressSpec>& list, const conf::AddressSpec& a) {
      for (const auto& b : list) {
        if (b.address == a.address && b.prefix == a.prefix && b.dev == a.dev) return true;
      }
      return false;
    };
    for (const auto& old : previous_plan_.virtual_ipaddress_excluded) {
      if (!contains(plan_.virtual_ipaddress_excluded, old)) (void)ctx_.host.remove_address(old, vip_ifindex());
    }
    for (const auto& add : plan_.virtual_ipaddress_excluded) {
      if (!contains(previous_plan_.virtual_ipaddress_excluded, add)) (void)ctx_.host.add_address(add, vip_ifindex());
    }
  }
  drain(now);
  return true;
}

bool InstanceDriver::on_address_deleted(int ifindex, const proto::IpAddr& address) {
  if (instance_.state() != proto::State::Master || !vips_installed_) return false;
  auto owned = [&](const std::vector<conf::AddressSpec>& list) -> const conf::AddressSpec* {
    for (const auto& spec : list) {
      if (spec.address == address && !spec.no_track && (!spec.dev.empty() || ifindex == vip_ifindex())) {
        return &spec;
      }
    }
    return nullptr;
  };
  const auto* spec = owned(plan_.virtual_ipaddress);
  if (!spec) spec = owned(plan_.virtual_ipaddress_excluded);
  if (!spec) return false;
  ++counters_.vips_readded;
  ctx_.log.line(LogLevel::Warning, instance_tag(plan_), " virtual address ", address.to_string(),
                " was deleted by another program; re-adding it (", counters_.vips_readded, " so far)");
  if (const auto ec = ctx_.host.add_address(*spec, vip_ifindex())) {
    ++counters_.address_errors;
    ctx_.log.line(LogLevel::Error, instance_tag(plan_), " cannot re-add ", address.to_string(), ": ",
                  ec.message());
  }
  return true;
}

void InstanceDriver::remove_leftover_vips() {
  for (const auto* list : {&plan_.virtual_ipaddress, &plan_.virtual_ipaddress_excluded}) {
    for (const auto& spec : *list) (void)ctx_.host.remove_address(spec, vip_ifindex());
  }
}

}  // namespace vrrp::daemon
