// The per-VR state machine: RFC 3768 §6.4 / RFC 5798 §6.4 / RFC 9568 §6.4 plus keepalived's
// FAULT state, preempt_delay and GARP/NA schedule (vrrp-conformance.md §3, keepalived-surface.md
// §5.1, §5.4, §5.5, §5.7). Every timer is a deadline field; poll_timeout() is their minimum.
#include "proto/instance.hpp"

#include <algorithm>
#include <utility>

#include "proto/rfc_timers.hpp"

namespace vrrp::proto {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

void earliest(std::optional<TimePoint>& acc, const std::optional<TimePoint>& t) {
  if (t && (!acc || *t < *acc)) acc = t;
}

bool due(const std::optional<TimePoint>& deadline, TimePoint now) {
  return deadline && *deadline <= now;
}

bool contains(const std::vector<IpAddr>& set, const IpAddr& a) {
  return std::find(set.begin(), set.end(), a) != set.end();
}

// A non-owner never advertises 255 and only a resigning Master advertises 0 (§3.4).
std::uint8_t backup_priority(std::uint8_t p) { return std::clamp<std::uint8_t>(p, 1, 254); }

}  // namespace

Instance::Instance(InstanceConfig config) : config_(std::move(config)) {
  priority_ = config_.owner() ? kOwnerPriority : backup_priority(config_.priority);
  master_adver_interval_ = config_.advert_interval;
  rebuild();
}

// ---- Public API --------------------------------------------------------------------------

void Instance::handle(TimePoint now, const Input& input) {
  last_drop_ = DropReason::None;
  std::visit(Overloaded{
                 [&](const Startup&) { on_startup(now); },
                 [&](const Shutdown&) { on_shutdown(); },
                 [&](const Timeout&) { on_timeout(now); },
                 [&](const PacketIn& in) { on_packet(now, in.packet); },
                 [&](const LinkChanged& l) {
                   on_fault_input(now, l.up, track_fault_, l.up ? Reason::LinkUp : Reason::LinkDown);
                 },
                 [&](const TrackFaultChanged& t) {
                   track_silent_ = t.faulty && t.silent;
                   on_fault_input(now, link_up_, t.faulty,
                                  t.faulty ? Reason::TrackFault : Reason::TrackRecovered);
                 },
                 [&](const PriorityChanged& p) { on_priority(p.priority); },
                 [&](const ForceState& f) { on_force(now, f.to); },
             },
             input);
}

std::optional<Output> Instance::poll_output() {
  if (ring_size_ == 0) return std::nullopt;
  Output out = ring_[ring_head_];
  ring_head_ = (ring_head_ + 1) % ring_.size();
  --ring_size_;
  return out;
}

std::optional<TimePoint> Instance::poll_timeout() const {
  std::optional<TimePoint> t;
  earliest(t, adver_deadline_);
  earliest(t, down_deadline_);
  earliest(t, preempt_deadline_);
  earliest(t, announce_deadline_);
  earliest(t, lower_prio_announce_deadline_);
  return t;
}

bool Instance::reconfigure(TimePoint now, const InstanceConfig& next) {
  if (next.vrid != config_.vrid || next.family != config_.family ||
      next.version != config_.version || next.unicast() != config_.unicast()) {
    return false;
  }
  vips_added_.clear();
  vips_removed_.clear();
  for (const IpAddr& a : next.vips) {
    if (!contains(config_.vips, a)) vips_added_.push_back(a);
  }
  for (const IpAddr& a : config_.vips) {
    if (!contains(next.vips, a)) vips_removed_.push_back(a);
  }
  const bool changed = next != config_;
  // Keep a tracking-adjusted priority unless the configured base priority itself changed.
  const bool base_priority_changed = next.priority != config_.priority;
  config_ = next;
  if (base_priority_changed || config_.owner()) {
    priority_ = config_.owner() ? kOwnerPriority : backup_priority(config_.priority);
  }
  // v2 has no learned interval; a v3 Backup keeps the master's until the next advert.
  if (config_.version == Version::V2 || state_ != State::Backup) {
    master_adver_interval_ = config_.advert_interval;
  }
  if (!config_.preempt || config_.preempt_delay <= Duration::zero()) preempt_deadline_.reset();
  rebuild();

  // keepalived-surface.md §5.10: a kept Master re-advertises, drops removed VIPs, installs
  // and announces added ones (a full burst, with its second burst after master_delay).
  if (state_ == State::Master && changed) {
    if (!vips_removed_.empty()) push(RemoveVips{vips_removed_});
    send_advert(priority_);
    adver_deadline_ = now + config_.advert_interval;
    if (!vips_added_.empty()) {
      push(InstallVips{vips_added_});
      announce_deadline_.reset();
      start_announcements(now);
    } else if (!announce_second_burst_) {
      announce_deadline_.reset();
      if (config_.announce.master_refresh > Duration::zero() && !config_.vips.empty()) {
        announce_deadline_ = now + config_.announce.master_refresh;
      }
    }
  }
  return true;
}

State Instance::state() const { return state_; }
const InstanceConfig& Instance::config() const { return config_; }
const VrCounters& Instance::counters() const { return counters_; }
std::uint8_t Instance::effective_priority() const { return priority_; }

std::optional<IpAddr> Instance::master_address() const {
  if (state_ == State::Master) return config_.source;
  if (state_ == State::Backup) return master_address_;
  return std::nullopt;
}

Duration Instance::master_adver_interval() const { return master_adver_interval_; }

Duration Instance::skew_time() const {
  return proto::skew_time(config_.version, priority_, master_adver_interval_);
}

Duration Instance::master_down_interval() const {
  return proto::master_down_interval(config_.version, priority_, master_adver_interval_,
                                     config_.down_timer_adverts);
}

// ---- Inputs ------------------------------------------------------------------------------

void Instance::on_startup(TimePoint now) {
  if (state_ != State::Initialize) return;
  master_adver_interval_ = config_.advert_interval;
  master_address_.reset();
  master_priority_ = 0;
  if (faulty()) {
    enter(State::Fault, link_up_ ? Reason::TrackFault : Reason::LinkDown, IpAddr{}, 0,
          link_up_ && track_silent_);
    return;
  }
  // RFC 5798 §6.4.1: only the owner goes straight to Master, and keepalived only if its
  // wanted state is MASTER (explicit, or implied by no `state` line); `state MASTER` with
  // priority < 255 gives no head start (keepalived-surface.md §5.1, §5.7, verified).
  if (config_.owner_wants_master()) {
    if (!config_.sync_member) {
      become_master(now, Reason::Owner);
      return;
    }
    // A sync group starts MASTER only if every member can (§5.11): that is the group's call,
    // so the owner starts BACKUP and asks after the short owner wait (as on leaving FAULT).
    become_backup(now, Reason::Startup, config_.advert_interval + skew_time());
    return;
  }
  become_backup(now, Reason::Startup, master_down_interval());
  arm_preempt_window(now);
}

void Instance::on_shutdown() {
  if (state_ == State::Initialize) return;
  // RFC 5798 §6.4.3 (Master, Shutdown): priority-0 advert, then remove the VIPs.
  if (state_ == State::Master) leave_master(/*send_resign=*/true);
  cancel_timers();
  master_address_.reset();
  master_priority_ = 0;
  enter(State::Initialize, Reason::Shutdown, IpAddr{}, 0);
}

void Instance::on_timeout(TimePoint now) {
  if (state_ == State::Backup) {
    if (due(preempt_deadline_, now)) {
      preempt_deadline_.reset();
      // preempt_delay is over and we still follow a lower-priority master: preempt now.
      if (config_.preempt && master_priority_ > 0 && master_priority_ < priority_) {
        master_down_expired(now, /*preempting=*/true);
        if (state_ == State::Master) return;
      }
    }
    // RFC 5798 §6.4.2: Master_Down_Timer fired.
    if (due(down_deadline_, now)) master_down_expired(now, /*preempting=*/false);
    return;
  }
  if (state_ != State::Master) return;
  // RFC 5798 §6.4.3: Adver_Timer fired -> send an ADVERTISEMENT and reset the timer.
  if (due(adver_deadline_, now)) {
    send_advert(priority_);
    adver_deadline_ = now + config_.advert_interval;
  }
  if (due(announce_deadline_, now)) {
    const AnnouncePolicy& a = config_.announce;
    if (announce_second_burst_) {
      announce(config_.vips, a.master_repeat);
    } else {
      announce(config_.vips, a.master_refresh_repeat);
    }
    announce_second_burst_ = false;
    announce_deadline_.reset();
    if (a.master_refresh > Duration::zero()) announce_deadline_ = now + a.master_refresh;
  }
  if (due(lower_prio_announce_deadline_, now)) {
    lower_prio_announce_deadline_.reset();
    announce(config_.vips, config_.announce.lower_prio_repeat);
  }
}

void Instance::on_packet(TimePoint now, const ReceivedPacket& packet) {
  // keepalived-surface.md §5.1: only BACKUP and MASTER process adverts; FAULT ignores them all.
  if (state_ != State::Backup && state_ != State::Master) return;
  // §2.1 check 2: our own advert looped back. The shell filters the interface's other
  // addresses; our configured source is known here.
  if (packet.source == config_.source) {
    last_drop_ = DropReason::FromSelf;
    return;
  }
  const Verdict verdict = validate(packet, &policy_);
  if (!verdict.accepted()) {
    last_drop_ = verdict.drop;
    if (verdict.drop == DropReason::FromSelf) return;
    counters_.count_drop(verdict.drop);
    push(PacketDropped{verdict.drop, packet.source});
    return;
  }
  ++counters_.adverts_rcvd;
  if (verdict.advert.priority == kResignPriority) ++counters_.pri_zero_rcvd;
  if (verdict.notes != kNoteNone) {
    if ((verdict.notes & kNoteChecksumOtherForm) != 0) ++counters_.checksum_form_mismatch;
    push(PacketNoted{verdict.notes, packet.source});
  }
  if (state_ == State::Backup) {
    on_advert_as_backup(now, verdict.advert, packet.source);
  } else {
    on_advert_as_master(now, verdict.advert, packet.source);
  }
}

void Instance::on_advert_as_backup(TimePoint now, const Advertisement& advert,
                                   const IpAddr& source) {
  // Row 5: the master resigns; take over after Skew_Time unless someone else speaks first.
  if (advert.priority == kResignPriority) {
    down_deadline_ = now + skew_time();
    return;
  }
  const bool lower = advert.priority < priority_;
  // The owner always preempts, whatever Preempt_Mode says (vrrp-conformance.md §3.2).
  const bool preempt = config_.preempt || config_.owner();
  // Row 6 (no address tie-break in Backup: `>=`). keepalived's preempt_delay extends it: a
  // lower-priority master is followed until the delay window ends, then preempted.
  const bool delaying =
      preempt && lower && !config_.owner() && config_.preempt_delay > Duration::zero();
  if (!preempt || !lower || delaying) {
    if (delaying && !preempt_deadline_) preempt_deadline_ = now + config_.preempt_delay;
    follow(advert, source);
    down_deadline_ = now + master_down_interval();
    // A sync member hears a master it will not preempt: withdraw its wish. A lower master
    // followed only for preempt_delay does not count; the wish stands until it is preempted.
    if (wants_master_ && !delaying) {
      wants_master_ = false;
      push(WantMaster{false});
    }
  }
  // Row 7: discard; the running Master_Down_Timer is how preemption happens.
}

void Instance::on_advert_as_master(TimePoint now, const Advertisement& advert,
                                   const IpAddr& source) {
  // Row 10: a resigning master; assert ourselves at once.
  if (advert.priority == kResignPriority) {
    send_advert(priority_);
    adver_deadline_ = now + config_.advert_interval;
    return;
  }
  // Row 13: our own priority and address: a duplicate address, nothing sane to do.
  if (advert.priority == priority_ && source == config_.source) return;
  const bool higher =
      advert.priority > priority_ || (advert.priority == priority_ && source > config_.source);
  if (higher) {
    // Row 11 (keepalived's higher_prio_send_advert advertises once before yielding).
    if (config_.higher_prio_send_advert) send_advert(priority_);
    leave_master(/*send_resign=*/false);
    follow(advert, source);
    become_backup(now, Reason::HigherPriority, master_down_interval());
    return;
  }
  // Row 12, RFC 9568 §6.4.3: answer so that the lower router hears us and yields. The
  // Adver_Timer is left alone (keepalived re-arms it here; that starves the periodic advert).
  if (!config_.lower_prio_no_advert) send_advert(priority_);
  const AnnouncePolicy& a = config_.announce;
  if (a.lower_prio_repeat > 0 && !config_.vips.empty()) {
    announce(config_.vips, a.lower_prio_repeat);
    if (a.lower_prio_delay > Duration::zero()) {
      lower_prio_announce_deadline_ = now + a.lower_prio_delay;
    }
  }
}

void Instance::on_fault_input(TimePoint now, bool link_up, bool track_fault, Reason reason) {
  link_up_ = link_up;
  track_fault_ = track_fault;
  if (state_ == State::Initialize) return;  // remembered; Startup decides
  if (faulty() && state_ != State::Fault) {
    // keepalived FAULT: a Master resigns with priority 0 and drops its VIPs; nothing is sent
    // or processed while in FAULT.
    if (state_ == State::Master) leave_master(/*send_resign=*/true);
    cancel_timers();
    master_address_.reset();
    master_priority_ = 0;
    // Only a pure "scripts not reported yet" FAULT is silent; a link down never is.
    enter(State::Fault, reason, IpAddr{}, 0, reason == Reason::TrackFault && track_silent_);
  } else if (!faulty() && state_ == State::Fault) {
    master_adver_interval_ = config_.advert_interval;
    // An owner wanting MASTER comes back quickly (advert interval + skew, as keepalived does,
    // §5.1); everyone else waits a full Master_Down_Interval to hear the current master first.
    const Duration wait = config_.owner_wants_master() ? config_.advert_interval + skew_time()
                                                       : master_down_interval();
    become_backup(now, reason, wait);
    arm_preempt_window(now);
  }
}

void Instance::on_priority(std::uint8_t priority) {
  // keepalived-surface.md §5.7: the owner's priority is never changed by trackers. A Master's
  // next advert carries the new value; a Backup's Skew_Time/MDI use it at the next re-arm.
  if (config_.owner()) return;
  priority_ = backup_priority(priority);
}

void Instance::on_force(TimePoint now, State to) {
  // keepalived-surface.md §5.11: the group moves its members together. FAULT wins over the
  // group (a faulty member is not forced) and INIT has not started.
  if (to == State::Master && state_ == State::Backup) {
    become_master(now, Reason::SyncGroup);
  } else if (to == State::Backup && state_ == State::Master) {
    // Resign with priority 0, as a shutdown does: the peer of this VRID then takes over after
    // its Skew_Time instead of a whole Master_Down_Interval of silence. It cannot cause two
    // masters: we wait a full Master_Down_Interval (and, as a sync member, for the group)
    // before we could take MASTER again. Without it, a forced member that outranks its peer
    // would leave the VRID masterless and, with preempt, often time out first and take
    // MASTER back before the peer's longer timer from our last advert ran out.
    leave_master(/*send_resign=*/true);
    become_backup(now, Reason::SyncGroup, master_down_interval());
  }
}

void Instance::master_down_expired(TimePoint now, bool preempting) {
  if (!config_.sync_member) {
    become_master(now, Reason::MasterDown);
    return;
  }
  // Sync gate (§5.11): stay BACKUP and ask. The down timer is re-armed so the wish is said
  // again every Master_Down_Interval: a group that never agrees is visible (and logged by the
  // shell) rather than a member silently parked with no timer.
  wants_master_ = true;
  push(WantMaster{true});
  if (!preempting || due(down_deadline_, now)) down_deadline_ = now + master_down_interval();
}

// ---- Transitions -------------------------------------------------------------------------

void Instance::become_master(TimePoint now, Reason reason) {
  cancel_timers();
  // Always our own interval as Master (keepalived resets it only under -D; §5.12).
  master_adver_interval_ = config_.advert_interval;
  master_address_.reset();
  master_priority_ = 0;
  enter(State::Master, reason, config_.source, priority_);
  // RFC 5798 §6.4.2 / vrrp-conformance.md §3.5: the advert first (the old master yields),
  // then the VIPs, then the announcements.
  send_advert(priority_);
  if (!config_.vips.empty()) push(InstallVips{config_.vips});
  adver_deadline_ = now + config_.advert_interval;
  start_announcements(now);
}

void Instance::become_backup(TimePoint now, Reason reason, Duration down_after) {
  cancel_timers();
  down_deadline_ = now + down_after;
  enter(State::Backup, reason, master_address_.value_or(IpAddr{}), master_priority_);
}

void Instance::leave_master(bool send_resign) {
  if (send_resign) send_advert(kResignPriority);
  if (!config_.vips.empty()) push(RemoveVips{config_.vips});
}

void Instance::enter(State to, Reason reason, const IpAddr& master, std::uint8_t master_priority,
                     bool silent) {
  const State from = state_;
  state_ = to;
  wants_master_ = false;  // any transition ends a wish (SyncGroup forgets it the same way)
  ++counters_.transitions;
  if (to == State::Master) ++counters_.master_transitions;
  push(StateChanged{from, to, reason, master, master_priority, silent});
}

void Instance::follow(const Advertisement& advert, const IpAddr& source) {
  master_address_ = source;
  master_priority_ = advert.priority;
  // RFC 5798 §6.4.2 / RFC 9568: adopt the master's interval; Skew_Time and MDI follow from it.
  if (config_.version == Version::V3) {
    master_adver_interval_ = from_centiseconds(advert.max_adver_int_cs);
  }
}

void Instance::start_announcements(TimePoint now) {
  if (config_.vips.empty()) return;
  const AnnouncePolicy& a = config_.announce;
  announce(config_.vips, a.master_repeat);
  announce_second_burst_ = false;
  if (a.master_delay > Duration::zero()) {
    announce_deadline_ = now + a.master_delay;
    announce_second_burst_ = true;
  } else if (a.master_refresh > Duration::zero()) {
    announce_deadline_ = now + a.master_refresh;
  }
}

void Instance::arm_preempt_window(TimePoint now) {
  // keepalived: preempt_delay counts from startup (and from the first lower-priority advert).
  if (config_.preempt && config_.preempt_delay > Duration::zero() && !config_.owner()) {
    preempt_deadline_ = now + config_.preempt_delay;
  }
}

void Instance::cancel_timers() {
  adver_deadline_.reset();
  down_deadline_.reset();
  preempt_deadline_.reset();
  announce_deadline_.reset();
  announce_second_burst_ = false;
  lower_prio_announce_deadline_.reset();
}

// ---- Outputs -----------------------------------------------------------------------------

void Instance::send_advert(std::uint8_t priority) {
  tx_template_.priority = priority;
  for (std::size_t i = 0; i < destinations_.size(); ++i) {
    const std::span<std::uint8_t> buf(tx_bytes_.data() + i * tx_size_, tx_size_);
    const ChecksumContext ctx{config_.source, destinations_[i], config_.v3_ipv4_checksum};
    const std::size_t n = encode(tx_template_, ctx, buf);
    if (n == 0) continue;  // not encodable (e.g. v2 over IPv6): the config check reports it
    push(SendAdvert{buf.first(n), destinations_[i], priority});
    ++counters_.adverts_sent;
    if (priority == kResignPriority) ++counters_.pri_zero_sent;
  }
}

void Instance::announce(std::span<const IpAddr> vips, unsigned repeat) {
  if (vips.empty() || repeat == 0) return;
  push(AnnounceVips{vips, repeat});
  counters_.announcements_sent += vips.size() * repeat;
}

void Instance::push(const Output& output) {
  if (ring_size_ == ring_.size()) {
    ++counters_.output_overflows;
    return;
  }
  ring_[(ring_head_ + ring_size_) % ring_.size()] = output;
  ++ring_size_;
}

void Instance::rebuild() {
  policy_.version = config_.version;
  policy_.family = config_.family;
  policy_.vrid = config_.vrid;
  policy_.strict = config_.strict;
  policy_.owner = config_.owner();
  policy_.unicast = config_.unicast();
  policy_.v3_ipv4_form = config_.v3_ipv4_checksum;
  policy_.auth_type = config_.auth_type;
  policy_.auth_data = config_.auth_data;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(config_.advert_interval);
  policy_.adver_int_s = static_cast<std::uint8_t>(std::clamp<std::int64_t>(secs.count(), 1, 255));
  policy_.adver_int_cs = to_centiseconds(config_.advert_interval);
  policy_.vips = config_.vips;

  vip_bytes_.clear();
  std::size_t count = 0;
  for (const IpAddr& a : config_.vips) {
    if (a.family() != config_.family || count == kMaxAddresses) continue;
    vip_bytes_.insert(vip_bytes_.end(), a.bytes().begin(), a.bytes().end());
    ++count;
  }
  tx_template_ = Advertisement{};
  tx_template_.version = config_.version;
  tx_template_.family = config_.family;
  tx_template_.vrid = config_.vrid;
  tx_template_.priority = priority_;
  tx_template_.count = static_cast<std::uint8_t>(count);
  tx_template_.auth_type = static_cast<std::uint8_t>(config_.auth_type);
  tx_template_.adver_int_s = policy_.adver_int_s;
  if (config_.auth_type == AuthType::SimplePassword) tx_template_.auth_data = config_.auth_data;
  tx_template_.max_adver_int_cs = to_centiseconds(config_.advert_interval);
  tx_template_.address_bytes = vip_bytes_;

  destinations_ = config_.unicast() ? config_.unicast_peers
                                    : std::vector<IpAddr>{vrrp_group(config_.family)};
  tx_size_ = tx_template_.wire_size();
  tx_bytes_.assign(destinations_.size() * tx_size_, 0);
  vips_added_.reserve(config_.vips.size());
  vips_removed_.reserve(config_.vips.size());

  // Worst single handle(): a state change, one advert per destination, install/remove,
  // two announcement bursts and a drop/note. Room for several undrained rounds on top.
  const std::size_t capacity = 4 * destinations_.size() + 32;
  if (capacity > ring_.size()) {
    std::vector<Output> grown(capacity);
    for (std::size_t i = 0; i < ring_size_; ++i) grown[i] = ring_[(ring_head_ + i) % ring_.size()];
    ring_ = std::move(grown);
    ring_head_ = 0;
  }
}

}  // namespace vrrp::proto
