// SimLan implementation: a discrete-event loop over in-flight packets and instance deadlines.
#include "sim/sim_lan.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/trace_text.hpp"

namespace vrrp::sim {

using proto::State;

namespace {
TraceEntry make_entry(TraceEntry::Kind kind, std::string text) {
  TraceEntry e;
  e.kind = kind;
  e.text = std::move(text);
  return e;
}

// A busy instant (many routers answering each other) is fine; an endless one is a bug.
constexpr int kMaxEventsPerInstant = 100'000;
}  // namespace

SimLan::SimLan() : origin_(std::chrono::seconds(1'000'000)), now_(origin_) {}

RouterId SimLan::add_router(proto::InstanceConfig config, std::string name) {
  const RouterId id = nodes_.size();
  Node node;
  node.name = name.empty() ? "r" + std::to_string(id + 1) : std::move(name);
  node.vr = node.router.add(kIfindex, std::move(config));
  nodes_.push_back(std::move(node));
  return id;
}

void SimLan::start(RouterId r) {
  note(r, make_entry(TraceEntry::Kind::Event, "start"));
  feed(r, proto::Startup{});
}

void SimLan::stop(RouterId r) {
  note(r, make_entry(TraceEntry::Kind::Event, "stop"));
  feed(r, proto::Shutdown{});
}

void SimLan::start_all() {
  for (RouterId r = 0; r < nodes_.size(); ++r) start(r);
}

void SimLan::set_link(RouterId r, bool up) {
  note(r, make_entry(TraceEntry::Kind::Event, up ? "link up" : "link down"));
  nodes_[r].link_up = up;
  feed(r, proto::LinkChanged{up});
}

void SimLan::set_track_fault(RouterId r, bool faulty) {
  note(r, make_entry(TraceEntry::Kind::Event, faulty ? "tracker fault" : "tracker ok"));
  feed(r, proto::TrackFaultChanged{faulty});
}

void SimLan::set_priority(RouterId r, std::uint8_t priority) {
  note(r, make_entry(TraceEntry::Kind::Event, "priority " + std::to_string(priority)));
  feed(r, proto::PriorityChanged{priority});
}

bool SimLan::reconfigure(RouterId r, const proto::InstanceConfig& next) {
  note(r, make_entry(TraceEntry::Kind::Event, "reconfigure"));
  const bool kept = nodes_[r].vr->reconfigure(now_, next);
  drain(r);
  check_invariants();
  return kept;
}

void SimLan::inject(RouterId r, const proto::Input& input, std::string label) {
  if (!label.empty()) note(r, make_entry(TraceEntry::Kind::Event, std::move(label)));
  if (drain_depth_ > 0) {
    deferred_.emplace_back(r, input);
    return;
  }
  feed(r, input);
}

void SimLan::partition(const std::set<RouterId>& side) {
  std::string names;
  for (RouterId r = 0; r < nodes_.size(); ++r) {
    nodes_[r].side = side.contains(r) ? 1 : 0;
    if (side.contains(r)) names += (names.empty() ? "" : ",") + nodes_[r].name;
  }
  note(side.empty() ? 0 : *side.begin(), make_entry(TraceEntry::Kind::Event, "partition {" + names + "}"));
}

void SimLan::heal() {
  for (Node& n : nodes_) n.side = 0;
  note(0, make_entry(TraceEntry::Kind::Event, "heal"));
}

void SimLan::set_latency(Duration d) { latency_ = d; }
void SimLan::drop_next(RouterId from, int count) { nodes_[from].drop_next += count; }

bool SimLan::run_until(const std::function<bool()>& done, Duration limit) {
  const TimePoint end = now_ + limit;
  while (!done()) {
    if (!step(end)) {
      now_ = end;
      return done();
    }
  }
  return true;
}

void SimLan::run_for(Duration d) {
  const TimePoint end = now_ + d;
  while (step(end)) {
  }
  now_ = end;
}

State SimLan::state(RouterId r) const { return nodes_[r].vr->state(); }
const std::set<proto::IpAddr>& SimLan::installed(RouterId r) const { return nodes_[r].installed; }
const proto::Instance& SimLan::instance(RouterId r) const { return *nodes_[r].vr; }
const proto::Router& SimLan::router(RouterId r) const { return nodes_[r].router; }
const std::string& SimLan::name(RouterId r) const { return nodes_[r].name; }

std::vector<RouterId> SimLan::masters() const {
  std::vector<RouterId> out;
  for (RouterId r = 0; r < nodes_.size(); ++r) {
    if (state(r) == State::Master) out.push_back(r);
  }
  return out;
}

std::string SimLan::trace_text(std::size_t last) const {
  std::string out;
  const std::size_t from = last == 0 || last >= trace_.size() ? 0 : trace_.size() - last;
  for (std::size_t i = from; i < trace_.size(); ++i) out += format_entry(trace_[i], *this) + "\n";
  return out;
}

std::optional<Duration> SimLan::entered(RouterId r, State s, Duration after) const {
  for (const TraceEntry& e : trace_) {
    if (e.kind == TraceEntry::Kind::State && e.router == r && e.to == s && e.at >= after) return e.at;
  }
  return std::nullopt;
}

std::optional<Duration> SimLan::last_received(RouterId to, RouterId from,
                                              std::optional<Duration> before) const {
  std::optional<Duration> t;
  const proto::IpAddr& src = nodes_[from].vr->config().source;
  for (const TraceEntry& e : trace_) {
    if (e.kind == TraceEntry::Kind::Receive && e.router == to && e.address == src &&
        (!before || e.at <= *before)) {
      t = e.at;
    }
  }
  return t;
}

// ---- Event loop ----------------------------------------------------------------------------

bool SimLan::step(TimePoint limit) {
  std::optional<TimePoint> next;
  if (!in_flight_.empty()) next = in_flight_.begin()->first.first;
  for (const Node& n : nodes_) {
    const auto t = n.router.poll_timeout();
    if (t && (!next || *t < *next)) next = t;
  }
  if (!next || *next > limit) return false;
  now_ = std::max(now_, *next);
  for (int events = 0;; ++events) {
    if (events == kMaxEventsPerInstant) {
      violations_.push_back("livelock: too many events at t=" + std::to_string(now().count()) + "us");
      break;
    }
    if (!in_flight_.empty() && in_flight_.begin()->first.first <= now_) {
      const Packet p = std::move(in_flight_.begin()->second);
      in_flight_.erase(in_flight_.begin());
      deliver(p);
      continue;
    }
    bool fired = false;
    for (RouterId r = 0; r < nodes_.size() && !fired; ++r) {
      const auto t = nodes_[r].vr->poll_timeout();
      if (t && *t <= now_) {
        feed(r, proto::Timeout{});
        fired = true;
      }
    }
    if (!fired) break;
  }
  check_invariants();
  return true;
}

void SimLan::feed(RouterId r, const proto::Input& in) {
  nodes_[r].vr->handle(now_, in);
  drain(r);
}

void SimLan::drain(RouterId r) {
  ++drain_depth_;
  drain_outputs(r);
  --drain_depth_;
  // Inputs a hook injected meanwhile; each feed may queue more, still in order.
  while (drain_depth_ == 0 && !deferred_.empty()) {
    auto [to, input] = std::move(deferred_.front());
    deferred_.pop_front();
    feed(to, input);
  }
}

void SimLan::drain_outputs(RouterId r) {
  Node& n = nodes_[r];
  // Hooks run after the whole batch is applied (spans stay valid: no handle() in between).
  std::vector<proto::Output> batch;
  while (auto out = n.vr->poll_output()) {
    if (hook_) batch.push_back(*out);
    TraceEntry e = make_entry(TraceEntry::Kind::Event, describe(*out));
    if (const auto* s = std::get_if<proto::SendAdvert>(&*out)) {
      transmit(r, *s);
      continue;  // transmit() traces it, as sent or lost
    } else if (const auto* i = std::get_if<proto::InstallVips>(&*out)) {
      n.installed.insert(i->vips.begin(), i->vips.end());
      e.kind = TraceEntry::Kind::Install;
    } else if (const auto* rm = std::get_if<proto::RemoveVips>(&*out)) {
      for (const auto& a : rm->vips) n.installed.erase(a);
      e.kind = TraceEntry::Kind::Remove;
    } else if (const auto* a = std::get_if<proto::AnnounceVips>(&*out)) {
      e.kind = TraceEntry::Kind::Announce;
      e.repeat = a->repeat;
    } else if (const auto* c = std::get_if<proto::StateChanged>(&*out)) {
      e.kind = TraceEntry::Kind::State;
      e.from = c->from;
      e.to = c->to;
      e.reason = c->reason;
    } else if (std::holds_alternative<proto::PacketDropped>(*out)) {
      e.kind = TraceEntry::Kind::Drop;
    } else {
      e.kind = TraceEntry::Kind::Note;
    }
    note(r, std::move(e));
  }
  for (const proto::Output& o : batch) hook_(r, o);
}

void SimLan::transmit(RouterId from, const proto::SendAdvert& send) {
  Node& n = nodes_[from];
  TraceEntry e = make_entry(TraceEntry::Kind::Send, describe(send));
  e.priority = send.priority;
  e.address = send.destination;
  if (!n.link_up || n.drop_next > 0) {
    if (n.link_up) --n.drop_next;
    e.kind = TraceEntry::Kind::Lost;
    e.text = "lost " + e.text;
    note(from, std::move(e));
    return;
  }
  note(from, std::move(e));
  const proto::IpAddr& source = n.vr->config().source;
  for (RouterId to = 0; to < nodes_.size(); ++to) {
    if (to == from || !connected(from, to)) continue;
    const proto::InstanceConfig& cfg = nodes_[to].vr->config();
    if (cfg.family != source.family()) continue;
    // Multicast reaches everyone in the group; unicast only the owner of the address.
    if (!send.destination.is_multicast() && cfg.source != send.destination) continue;
    in_flight_.emplace(std::make_pair(now_ + latency_, seq_++),
                       Packet{from, to, source, send.destination,
                              std::vector<std::uint8_t>(send.vrrp.begin(), send.vrrp.end())});
  }
}

void SimLan::deliver(const Packet& p) {
  Node& n = nodes_[p.to];
  if (!n.link_up || !connected(p.from, p.to)) return;  // cable pulled or partitioned meanwhile
  const std::uint8_t priority = p.bytes.size() > 2 ? p.bytes[2] : 0;
  TraceEntry e = make_entry(TraceEntry::Kind::Receive,
                            "rx advert(" + std::to_string(priority) + ") from " + nodes_[p.from].name);
  e.priority = priority;
  e.address = p.source;
  note(p.to, std::move(e));
  // TTL 255 as every VRRP sender uses; the IP header itself is not simulated.
  n.router.deliver(now_, kIfindex, proto::ReceivedPacket{p.source, p.destination, 255, p.bytes});
  drain(p.to);
}

bool SimLan::connected(RouterId a, RouterId b) const {
  return nodes_[a].link_up && nodes_[b].link_up && nodes_[a].side == nodes_[b].side;
}

void SimLan::note(RouterId r, TraceEntry e) {
  e.at = now();
  e.router = r;
  trace_.push_back(std::move(e));
}

// ---- Invariants ----------------------------------------------------------------------------

void SimLan::check_invariants() {
  auto violation = [&](const std::string& what) {
    violations_.push_back("t=" + std::to_string(now().count()) + "us: " + what);
  };
  for (RouterId r = 0; r < nodes_.size(); ++r) {
    const Node& n = nodes_[r];
    const State s = n.vr->state();
    if (!n.installed.empty() && s != State::Master) {
      violation(n.name + " holds VIPs in state " + std::string(proto::to_string(s)));
    }
    if ((s == State::Master || s == State::Backup) && !n.vr->poll_timeout()) {
      violation(n.name + " has no timer armed in state " + std::string(proto::to_string(s)));
    }
    if ((s == State::Fault || s == State::Initialize) && n.vr->poll_timeout()) {
      violation(n.name + " has a timer armed in state " + std::string(proto::to_string(s)));
    }
  }
  if (allow_split_brain_) return;
  // At most one Master per (family, VRID) among routers that can hear each other, except for
  // a transient that must resolve within one advert interval plus the latency.
  std::map<std::pair<proto::Family, std::uint8_t>, Duration> tolerance;
  std::set<std::pair<proto::Family, std::uint8_t>> dual;
  for (RouterId a = 0; a < nodes_.size(); ++a) {
    const auto& ca = nodes_[a].vr->config();
    const auto key = std::make_pair(ca.family, ca.vrid);
    tolerance[key] = std::max(tolerance[key], ca.advert_interval + latency_);
    if (nodes_[a].vr->state() != State::Master) continue;
    for (RouterId b = a + 1; b < nodes_.size(); ++b) {
      const auto& cb = nodes_[b].vr->config();
      if (cb.family == ca.family && cb.vrid == ca.vrid && nodes_[b].vr->state() == State::Master &&
          connected(a, b)) {
        dual.insert(key);
      }
    }
  }
  for (const auto& [key, limit] : tolerance) {
    if (!dual.contains(key)) {
      dual_master_since_.erase(key);
      continue;
    }
    const auto [it, first] = dual_master_since_.emplace(key, now_);
    if (!first && now_ - it->second > limit) {
      violation("two connected Masters for VRID " + std::to_string(key.second) + " since t=" +
                std::to_string(std::chrono::duration_cast<Duration>(it->second - origin_).count()) + "us");
      it->second = now_;  // report once per interval, not once per step
    }
  }
}

std::string format_entry(const TraceEntry& e, const SimLan& lan) {
  char head[48];
  std::snprintf(head, sizeof head, "%4lld.%06lld %-4s ", static_cast<long long>(e.at.count() / 1'000'000),
                static_cast<long long>(e.at.count() % 1'000'000), lan.name(e.router).c_str());
  return head + e.text;
}

}  // namespace vrrp::sim
