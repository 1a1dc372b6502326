// SimLan: N virtual routers on one simulated Ethernet segment, driven on a fake clock
// (design doc §6.4; QUICHE's Simulator and quinn's test Pair). Real encoded adverts travel
// between routers and go through each router's proto::Router demux and full validation.
// Deterministic: events at one instant run in (delivery time, send order), then router order.
// Invariants are checked after every step; violations are collected, not thrown.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "proto/instance_config.hpp"
#include "proto/router.hpp"

namespace vrrp::sim {

using proto::Duration;
using proto::TimePoint;
using RouterId = std::size_t;

struct TraceEntry {
  enum class Kind { Event, State, Send, Receive, Lost, Install, Remove, Announce, Drop, Note };
  Duration at{0};         // since the simulation origin
  RouterId router = 0;
  Kind kind = Kind::Event;
  std::string text;
  // Filled for the kinds they concern; defaults otherwise.
  proto::State from = proto::State::Initialize;  // State
  proto::State to = proto::State::Initialize;    // State
  proto::Reason reason = proto::Reason::Startup; // State
  std::uint8_t priority = 0;                     // Send, Receive, Lost (as encoded)
  proto::IpAddr address;                         // Send/Lost: destination; Receive: source
  unsigned repeat = 0;                           // Announce
};

class SimLan {
 public:
  SimLan();

  /// Adds a router with one VRRP instance on its LAN interface; it does nothing until start().
  /// The instance's config().source is the router's address on the LAN.
  RouterId add_router(proto::InstanceConfig config, std::string name = {});
  void start(RouterId r);  // Startup input
  void stop(RouterId r);   // Shutdown input (graceful: a Master sends priority 0)
  void start_all();

  /// Cable pulled / plugged: packets are neither sent nor received, and the instance gets
  /// LinkChanged (keepalived FAULT).
  void set_link(RouterId r, bool up);
  void set_track_fault(RouterId r, bool faulty);
  void set_priority(RouterId r, std::uint8_t priority);
  bool reconfigure(RouterId r, const proto::InstanceConfig& next);

  /// Feeds any input (e.g. ForceState from a sync-group policy), traced as `label` if not
  /// empty. Called from an output hook (while an instance is being drained) it is queued and
  /// fed once that drain is over, in call order, so no Instance is re-entered mid-drain.
  void inject(RouterId r, const proto::Input& input, std::string label = {});
  /// Called for every output of every instance, after SimLan applied it (VIPs, transmit). The
  /// place to run a sync-group policy; use inject() to feed its commands back.
  using OutputHook = std::function<void(RouterId, const proto::Output&)>;
  void set_output_hook(OutputHook hook) { hook_ = std::move(hook); }

  /// Routers in `side` can talk only among themselves, the others only among themselves.
  /// Links stay up, so no instance notices anything but missing adverts.
  void partition(const std::set<RouterId>& side);
  void heal();
  void set_latency(Duration d);
  /// The next `count` adverts sent by `from` are lost on the wire.
  void drop_next(RouterId from, int count);

  /// Runs until `done()` holds (checked after every step) or `limit` of simulated time passed.
  bool run_until(const std::function<bool()>& done, Duration limit);
  void run_for(Duration d);

  Duration now() const { return std::chrono::duration_cast<Duration>(now_ - origin_); }
  proto::State state(RouterId r) const;
  const std::set<proto::IpAddr>& installed(RouterId r) const;
  const proto::Instance& instance(RouterId r) const;
  const proto::Router& router(RouterId r) const;
  const std::string& name(RouterId r) const;
  std::size_t size() const { return nodes_.size(); }
  std::vector<RouterId> masters() const;

  const std::vector<TraceEntry>& trace() const { return trace_; }
  std::string trace_text(std::size_t last = 0) const;  // last 0: everything
  /// When `r` last/first entered `s` (at or after `after`), from the trace.
  std::optional<Duration> entered(RouterId r, proto::State s, Duration after = Duration{0}) const;
  /// Time of the last advert `to` received from `from` (at or before `before`, if given).
  std::optional<Duration> last_received(RouterId to, RouterId from,
                                        std::optional<Duration> before = std::nullopt) const;

  /// Invariant violations seen so far ("no VIP on a non-Master", "at most one Master per
  /// VRID among connected routers for longer than one advert interval + latency", ...).
  const std::vector<std::string>& violations() const { return violations_; }
  /// Tolerate persistent dual masters (e.g. a v2 interval mismatch: split brain by design).
  void allow_split_brain(bool allowed) { allow_split_brain_ = allowed; }

 private:
  struct Node {
    std::string name;
    proto::Router router;
    proto::Instance* vr = nullptr;
    bool link_up = true;
    int side = 0;
    int drop_next = 0;
    std::set<proto::IpAddr> installed;
  };
  struct Packet {
    RouterId from = 0;
    RouterId to = 0;
    proto::IpAddr source;
    proto::IpAddr destination;
    std::vector<std::uint8_t> bytes;
  };
  static constexpr int kIfindex = 1;

  bool step(TimePoint limit);
  void drain(RouterId r);
  void drain_outputs(RouterId r);
  void transmit(RouterId from, const proto::SendAdvert& send);
  void deliver(const Packet& p);
  void feed(RouterId r, const proto::Input& in);
  void note(RouterId r, TraceEntry e);
  void check_invariants();
  bool connected(RouterId a, RouterId b) const;

  TimePoint origin_;
  TimePoint now_;
  Duration latency_{0};
  std::uint64_t seq_ = 0;
  std::vector<Node> nodes_;
  std::map<std::pair<TimePoint, std::uint64_t>, Packet> in_flight_;
  std::vector<TraceEntry> trace_;
  std::vector<std::string> violations_;
  bool allow_split_brain_ = false;
  OutputHook hook_;
  int drain_depth_ = 0;
  std::deque<std::pair<RouterId, proto::Input>> deferred_;
  // Per (family, vrid): since when two connected routers are both Master.
  std::map<std::pair<proto::Family, std::uint8_t>, TimePoint> dual_master_since_;
};

/// "  3.609375 r2  BACKUP->MASTER (master down)": one line of a readable timeline.
std::string format_entry(const TraceEntry& e, const SimLan& lan);

}  // namespace vrrp::sim
