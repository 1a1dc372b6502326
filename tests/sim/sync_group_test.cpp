// Scenarios: keepalived sync groups (keepalived-surface.md §5.11) on two routers, each running
// VRID 51 and 52 in one vrrp_sync_group, with proto::SyncGroup applied by the harness the way
// the daemon applies it; and weighted trackers (proto::TrackerSet) moving mastership.
#include <array>

#include "proto/sync_group.hpp"
#include "proto/tracking.hpp"
#include "sim/scenario_fixture.hpp"

namespace vrrp::sim {
namespace {

using proto::ForceState;
using proto::MemberForce;
using proto::SyncGroup;
using proto::SyncMember;
using proto::TrackerKind;
using proto::TrackerSet;
using proto::TrackerSpec;
using proto::TrackStatus;

constexpr Duration kMdi200 = 3'218'750us;
constexpr Duration kMdi100 = 3'609'375us;
constexpr Duration kMdi150 = 3'414'062us;
constexpr Duration kSkew100 = 609'375us;

/// One router's instance for `vrid`; both VRIDs of a router share its address, as they would.
InstanceConfig member(std::uint8_t vrid, std::uint8_t priority, int host, bool preempt = true) {
  InstanceConfig c = vr(priority, host);
  c.name = "VI_" + std::to_string(vrid);
  c.vrid = vrid;
  c.vips = {ip("192.0.2." + std::to_string(vrid + 100))};  // 192.0.2.151 / .152
  c.preempt = preempt;
  c.sync_member = true;
  return c;
}

/// A router running one sync group {VI_51, VI_52}: the shell's wiring of SyncGroup, with a
/// TrackerSet per member holding a weight-0 script (own faults) and the group fault.
struct Host {
  std::string name;
  std::array<RouterId, 2> nodes{};
  SyncGroup group{{SyncMember{"VI_51"}, SyncMember{"VI_52"}}};
  std::array<TrackerSet, 2> trackers{TrackerSet(100), TrackerSet(100)};
  std::array<TrackerSet::Id, 2> script{};
  std::vector<proto::GroupTransition> transitions;
};

class SyncScenario : public Scenario {
 protected:
  Host& add_host(const std::string& name, int host, std::uint8_t priority, bool preempt = true) {
    Host& h = hosts_.emplace_back();
    h.name = name;
    for (std::size_t i = 0; i < 2; ++i) {
      const std::uint8_t vrid = static_cast<std::uint8_t>(51 + i);
      h.nodes[i] = lan.add_router(member(vrid, priority, host, preempt),
                                  name + std::to_string(vrid));
      h.trackers[i] = TrackerSet(priority);
      h.script[i] = h.trackers[i].add(TrackerSpec{TrackerKind::Script, "chk", 0, false},
                                      TrackStatus::Up);
    }
    return h;
  }

  void start(Host& h) {
    lan.set_output_hook([this](RouterId r, const proto::Output& out) { on_output(r, out); });
    apply(h, h.group.startup());
    for (RouterId r : h.nodes) lan.start(r);
  }
  void start() {
    for (Host& h : hosts_) start(h);
  }

  /// The member's weight-0 script changes: its own fault, then the group's decision.
  void set_script(Host& h, std::size_t i, bool up) {
    const auto change = h.trackers[i].set_status(h.script[i], up ? TrackStatus::Up : TrackStatus::Down);
    for (const proto::Input& in : proto::instance_inputs(change)) {
      lan.inject(h.nodes[i], in, up ? "script chk up" : "script chk down");
    }
    apply(h, h.group.on_own_fault(i, change.outcome.tracker_fault));
  }

  bool group_is(const Host& h, State s) const {
    return lan.state(h.nodes[0]) == s && lan.state(h.nodes[1]) == s;
  }
  /// Both VRIDs on `h` only: Master with the VIPs there, not Master and no VIPs elsewhere.
  void expect_owns_both(const Host& h) {
    for (RouterId r = 0; r < lan.size(); ++r) {
      const bool mine = r == h.nodes[0] || r == h.nodes[1];
      EXPECT_EQ(lan.state(r) == State::Master, mine) << lan.name(r);
      EXPECT_EQ(lan.installed(r).size(), mine ? 1u : 0u) << lan.name(r);
    }
  }
  std::optional<proto::Reason> last_reason(RouterId r, State to) const {
    std::optional<proto::Reason> out;
    for (const TraceEntry& e : lan.trace()) {
      if (e.kind == TraceEntry::Kind::State && e.router == r && e.to == to) out = e.reason;
    }
    return out;
  }
  /// Times at which router `r` logged `text` (an output or event line), after `after`.
  std::vector<Duration> times_of(RouterId r, const std::string& text, Duration after = 0us) const {
    std::vector<Duration> out;
    for (const TraceEntry& e : lan.trace()) {
      if (e.router == r && e.text == text && e.at > after) out.push_back(e.at);
    }
    return out;
  }
  std::size_t count_text(RouterId r, const std::string& text) const {
    return times_of(r, text).size();
  }

  std::deque<Host> hosts_;

 private:
  std::pair<Host*, std::size_t> locate(RouterId r) {
    for (Host& h : hosts_) {
      for (std::size_t i = 0; i < 2; ++i) {
        if (h.nodes[i] == r) return {&h, i};
      }
    }
    return {nullptr, 0};
  }

  void on_output(RouterId r, const proto::Output& out) {
    auto [h, i] = locate(r);
    if (h == nullptr) return;
    if (const auto* c = std::get_if<proto::StateChanged>(&out)) {
      apply(*h, h->group.on_state_changed(i, c->from, c->to));
    } else if (const auto* w = std::get_if<proto::WantMaster>(&out)) {
      apply(*h, h->group.on_wants_master(i, w->wants));
    }
  }

  void apply(Host& h, const proto::SyncDecision& d) {
    if (d.transition) h.transitions.push_back(*d.transition);
    for (const proto::MemberCommand& cmd : d.commands) {
      const RouterId node = h.nodes[cmd.member];
      const std::string label = "group: " + std::string(proto::to_string(cmd.force));
      switch (cmd.force) {
        case MemberForce::Master: lan.inject(node, ForceState{State::Master}, label); break;
        case MemberForce::Backup: lan.inject(node, ForceState{State::Backup}, label); break;
        case MemberForce::EnterGroupFault:
        case MemberForce::LeaveGroupFault: {
          const auto change =
              h.trackers[cmd.member].set_group_fault(cmd.force == MemberForce::EnterGroupFault);
          for (const proto::Input& in : proto::instance_inputs(change)) lan.inject(node, in, label);
          break;
        }
      }
    }
  }
};

TEST_F(SyncScenario, GroupElectedTogetherAndAFaultOnOneMemberMovesBothVridsToThePeer) {
  Host& a = add_host("A", 1, 200);
  Host& b = add_host("B", 2, 100);
  start();
  ASSERT_TRUE(lan.run_until([&] { return group_is(a, State::Master); }, 10s));
  // Each A member asks at its own down timer; the second ask makes the group force both.
  EXPECT_EQ(lan.now(), kMdi200);
  EXPECT_EQ(count_text(a.nodes[0], "want-master"), 1u);
  EXPECT_EQ(last_reason(a.nodes[0], State::Master), proto::Reason::SyncGroup);
  lan.run_for(5s);
  expect_owns_both(a);
  EXPECT_EQ(a.group.state(), State::Master);
  EXPECT_EQ(b.group.state(), State::Backup);

  // VI_51's weight-0 script fails on A: A's whole group goes FAULT with priority-0 adverts, so
  // B's members both time out after Skew_Time and B's group takes both VRIDs.
  const Duration fail_at = lan.now();
  set_script(a, 0, false);
  EXPECT_TRUE(group_is(a, State::Fault));
  EXPECT_EQ(last_reason(a.nodes[1], State::Fault), proto::Reason::TrackFault) << "group fault";
  EXPECT_EQ(lan.instance(a.nodes[1]).counters().pri_zero_sent, 1u);
  ASSERT_TRUE(lan.run_until([&] { return group_is(b, State::Master); }, 10s));
  EXPECT_EQ(lan.now(), fail_at + kSkew100);
  lan.run_for(10s);
  expect_owns_both(b);
  EXPECT_EQ(a.group.state(), State::Fault);

  // Recovery: A leaves FAULT, hears B's lower adverts (preempt: discarded), asks at its down
  // timer, gets both back; B's VI_51 yields to the higher advert and its group forces VI_52.
  const Duration ok_at = lan.now();
  set_script(a, 0, true);
  EXPECT_TRUE(group_is(a, State::Backup));
  ASSERT_TRUE(lan.run_until([&] { return group_is(a, State::Master); }, 10s));
  EXPECT_EQ(lan.now(), ok_at + kMdi200);
  lan.run_for(10s);
  expect_owns_both(a);
  EXPECT_EQ(last_reason(b.nodes[0], State::Backup), proto::Reason::HigherPriority);
  EXPECT_EQ(last_reason(b.nodes[1], State::Backup), proto::Reason::SyncGroup);
  EXPECT_EQ(b.transitions.back(), (proto::GroupTransition{State::Master, State::Backup}));
}

TEST_F(SyncScenario, MemberYieldingToAHigherAdvertTakesTheWholeGroupToBackup) {
  // A (priority 100) holds both VRIDs; B (200) joins later. B's members both ask at their down
  // timer (A's lower adverts are discarded) and are forced MASTER together; A's VI_51 yields
  // to the first higher advert and A's group forces VI_52 to BACKUP at the same instant.
  Host& a = add_host("A", 1, 100);
  Host& b = add_host("B", 2, 200);
  start(a);
  ASSERT_TRUE(lan.run_until([&] { return group_is(a, State::Master); }, 10s));
  EXPECT_EQ(lan.now(), kMdi100);
  lan.run_for(2500ms);
  const Duration b_start = lan.now();
  start(b);
  ASSERT_TRUE(lan.run_until([&] { return group_is(b, State::Master); }, 10s));
  EXPECT_EQ(lan.now(), b_start + kMdi200);
  EXPECT_TRUE(group_is(a, State::Backup)) << "same instant, before B's VI_52 advert arrives";
  EXPECT_EQ(last_reason(a.nodes[0], State::Backup), proto::Reason::HigherPriority);
  EXPECT_EQ(last_reason(a.nodes[1], State::Backup), proto::Reason::SyncGroup);
  EXPECT_EQ(lan.instance(a.nodes[1]).counters().pri_zero_sent, 1u) << "forced BACKUP resigns";
  EXPECT_EQ(lan.instance(a.nodes[0]).counters().pri_zero_sent, 0u);
  lan.run_for(20s);
  expect_owns_both(b);
  EXPECT_EQ(a.transitions.back(), (proto::GroupTransition{State::Master, State::Backup}));
  EXPECT_EQ(lan.instance(a.nodes[0]).counters().master_transitions, 1u) << "no flapping";
  EXPECT_EQ(lan.instance(a.nodes[1]).counters().master_transitions, 1u);
}

TEST_F(SyncScenario, ForcedBackupResignsSoAnUngroupedPeerTakesOverAfterSkewTime) {
  // A runs the group at 150. B runs plain instances: VI_51 at 200 (joins later), VI_52 at 100.
  Host& a = add_host("A", 1, 150);
  InstanceConfig b51 = member(51, 200, 2);
  InstanceConfig b52 = member(52, 100, 2);
  b51.sync_member = b52.sync_member = false;
  const RouterId b52_node = lan.add_router(b52, "B52");
  start(a);
  lan.start(b52_node);
  ASSERT_TRUE(lan.run_until([&] { return group_is(a, State::Master); }, 10s));
  lan.run_for(2500ms);
  const RouterId b51_node = lan.add_router(b51, "B51");
  const Duration b_start = lan.now();
  lan.start(b51_node);
  ASSERT_TRUE(lan.run_until([&] { return is_master(b51_node); }, 10s));
  EXPECT_EQ(lan.now(), b_start + kMdi200);
  // A's VI_52 was forced BACKUP with a priority-0 advert: B's VI_52 takes it after Skew_Time
  // instead of a Master_Down_Interval after A's last advert.
  const Duration forced_at = lan.now();
  ASSERT_TRUE(lan.run_until([&] { return is_master(b52_node); }, 10s));
  EXPECT_EQ(lan.now(), forced_at + kSkew100);
  // A's VI_52 outranks B's VI_52 and preempts, but the group never lets it: it asks again every
  // Master_Down_Interval (its peer VI_51 follows a higher master and never wants MASTER).
  const Duration settled = lan.now();
  lan.run_for(30s);
  for (RouterId r : {b51_node, b52_node}) EXPECT_TRUE(is_master(r)) << lan.name(r);
  EXPECT_TRUE(group_is(a, State::Backup));
  EXPECT_TRUE(lan.installed(a.nodes[0]).empty());
  EXPECT_TRUE(lan.installed(a.nodes[1]).empty());
  const auto asks = times_of(a.nodes[1], "want-master", forced_at);
  ASSERT_EQ(asks.size(), static_cast<std::size_t>((30s + (settled - forced_at)) / kMdi150));
  for (std::size_t k = 0; k < asks.size(); ++k) {
    EXPECT_EQ(asks[k], forced_at + static_cast<long>(k + 1) * kMdi150) << "ask " << k;
  }
  EXPECT_EQ(count_text(a.nodes[0], "want-master"), 1u) << "only its initial election";
  EXPECT_TRUE(lan.instance(a.nodes[1]).wants_master());
}

// ---- Weighted trackers against the election (proto::TrackerSet drives the inputs) ---------

struct WeightCase {
  const char* name;
  int weight;          // on A (base 200) against B (100)
  bool moves;          // B takes over once the script fails
  std::optional<proto::LintKind> lint;  // what lint_weights says about it
};

void PrintTo(const WeightCase& c, std::ostream* os) { *os << c.name; }

class Weighted : public Scenario, public testing::WithParamInterface<WeightCase> {};

TEST_P(Weighted, FailingScriptMovesMastershipOnlyWhenTheWeightOvercomesTheGap) {
  const WeightCase& c = GetParam();
  const auto a = lan.add_router(vr(200, 1));
  const auto b = lan.add_router(vr(100, 2));
  TrackerSet trackers(200);
  const auto chk = trackers.add(TrackerSpec{TrackerKind::Script, "chk", c.weight, false},
                                TrackStatus::Up);
  const proto::LintPeer peer{"B", 100, true};
  const auto findings = proto::lint_weights(trackers, true, std::span(&peer, 1));
  if (c.lint) {
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].kind, *c.lint);
  } else {
    EXPECT_TRUE(findings.empty());
  }
  lan.start_all();
  ASSERT_TRUE(lan.run_until([&] { return is_master(a); }, 10s));
  lan.run_for(5500ms);
  const Duration fail_at = lan.now();
  const auto change = trackers.set_status(chk, TrackStatus::Down);
  ASSERT_TRUE(change.priority_changed);
  EXPECT_EQ(change.outcome.priority, 200 + c.weight);
  for (const proto::Input& in : proto::instance_inputs(change)) lan.inject(a, in, "script chk down");
  EXPECT_EQ(lan.instance(a).effective_priority(), 200 + c.weight);
  lan.run_for(20s);
  if (c.moves) {
    // B discards A's lower adverts (preempt) and takes over one Master_Down_Interval after
    // the last advert it accepted, which A sent before the script failed.
    const auto taken = lan.entered(b, State::Master);
    ASSERT_TRUE(taken.has_value());
    const auto last_ok = lan.last_received(b, a, fail_at);
    ASSERT_TRUE(last_ok.has_value());
    EXPECT_EQ(*taken, *last_ok + kMdi100);
    expect_sole_master(b);
  } else {
    expect_sole_master(a);
    EXPECT_EQ(lan.instance(b).counters().master_transitions, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Gap100, Weighted,
    testing::Values(
        WeightCase{"minus_50_cannot_yield", -50, false, proto::LintKind::CannotYield},
        WeightCase{"minus_101_yields", -101, true, std::nullopt},
        WeightCase{"minus_150_yields", -150, true, std::nullopt},
        // 200 - 100 = 100 = B: a BACKUP has no address tie-break (RFC 5798 §6.4.2 `>=`), so the
        // current master stays even though B has the higher address.
        WeightCase{"minus_100_ties_and_the_master_stays", -100, false, proto::LintKind::OnlyTies}),
    [](const testing::TestParamInfo<WeightCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vrrp::sim
