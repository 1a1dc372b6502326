// proto::TrackerSet / ScriptStatus / admit_tracker / lint_weights: keepalived's tracking policy
// (keepalived-surface.md §4.3) including the weight arithmetic that confuses operators.
#include <gtest/gtest.h>

#include <limits>
#include <variant>

#include "proto/instance.hpp"
#include "proto/tracking.hpp"

namespace vrrp::proto {
namespace {

using enum TrackStatus;

TrackerSpec script(std::string name, int weight, bool reverse = false) {
  return {TrackerKind::Script, std::move(name), weight, reverse};
}
TrackerSpec file(std::string name, int weight, bool reverse = false) {
  return {TrackerKind::File, std::move(name), weight, reverse};
}
TrackerEffect effect(int weight, bool reverse, TrackStatus status) {
  return tracker_effect({script("s", weight, reverse), status, std::nullopt});
}
TrackerEffect file_effect(int weight, bool reverse, std::optional<std::int64_t> value) {
  return tracker_effect({file("f", weight, reverse), Unknown, value});
}

// ---- One tracker -----------------------------------------------------------------------------

TEST(TrackerEffect, PositiveWeightAddsWhileUpOnly) {
  EXPECT_EQ(effect(10, false, Up).contribution, 10);
  EXPECT_EQ(effect(10, false, Down).contribution, 0);
  EXPECT_FALSE(effect(10, false, Down).fault);
}

TEST(TrackerEffect, NegativeWeightSubtractsWhileDownOnly) {
  EXPECT_EQ(effect(-10, false, Down).contribution, -10);
  EXPECT_EQ(effect(-10, false, Up).contribution, 0);
}

TEST(TrackerEffect, ReverseNegatesTheContributionNotTheMoment) {
  // w > 0 reverse: subtracts while up; w < 0 reverse: adds while down.
  EXPECT_EQ(effect(10, true, Up).contribution, -10);
  EXPECT_EQ(effect(10, true, Down).contribution, 0);
  EXPECT_EQ(effect(-10, true, Down).contribution, 10);
  EXPECT_EQ(effect(-10, true, Up).contribution, 0);
}

TEST(TrackerEffect, WeightZeroIsFaultWhileDownOrWhileUpWithReverse) {
  EXPECT_TRUE(effect(0, false, Down).fault);
  EXPECT_FALSE(effect(0, false, Up).fault);
  EXPECT_TRUE(effect(0, true, Up).fault);
  EXPECT_FALSE(effect(0, true, Down).fault);
  EXPECT_EQ(effect(0, false, Down).contribution, 0);
  EXPECT_FALSE(effect(0, false, Down).pending);
}

TEST(TrackerEffect, UnknownHoldsWeightZeroInSilentFaultAndWeightedAtZero) {
  const TrackerEffect w0 = effect(0, false, Unknown);
  EXPECT_TRUE(w0.fault);
  EXPECT_TRUE(w0.pending);
  EXPECT_TRUE(effect(0, true, Unknown).fault);  // reverse or not: no result yet
  const TrackerEffect weighted = effect(-20, false, Unknown);
  EXPECT_FALSE(weighted.fault);
  EXPECT_EQ(weighted.contribution, 0);
}

TEST(TrackerEffect, InterfaceAndProcessFollowTheSameRules) {
  TrackerState t{{TrackerKind::Interface, "eth1", -30, false}, Down, std::nullopt};
  EXPECT_EQ(tracker_effect(t).contribution, -30);
  t.spec.kind = TrackerKind::Process;
  t.spec.weight = 0;
  EXPECT_TRUE(tracker_effect(t).fault);
}

TEST(TrackerEffect, FileIsValueTimesWeightCappedAt253) {
  EXPECT_EQ(file_effect(1, false, 7).contribution, 7);
  EXPECT_EQ(file_effect(5, false, -3).contribution, -15);
  EXPECT_EQ(file_effect(5, true, -3).contribution, 15);
  EXPECT_EQ(file_effect(10, false, 30).contribution, 253);
  EXPECT_EQ(file_effect(1, false, 0).contribution, 0);
}

TEST(TrackerEffect, FileBelowMinus253IsFault) {
  EXPECT_FALSE(file_effect(1, false, -253).fault);
  EXPECT_EQ(file_effect(1, false, -253).contribution, -253);
  EXPECT_TRUE(file_effect(1, false, -254).fault);
  EXPECT_EQ(file_effect(1, false, -254).contribution, 0);
  EXPECT_TRUE(file_effect(254, false, -1).fault);  // why the file weight range goes to 254
  EXPECT_EQ(file_effect(-1, false, -254).contribution, 253);  // +254, capped
  EXPECT_TRUE(file_effect(-1, true, -254).fault);              // reverse: -254
}

TEST(TrackerEffect, FileHugeValuesSaturateInsteadOfOverflowing) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(file_effect(254, false, kMax).contribution, 253);
  EXPECT_TRUE(file_effect(254, false, kMin).fault);
  EXPECT_EQ(file_effect(-254, false, kMin).contribution, 253);
  EXPECT_TRUE(file_effect(1, true, kMax).fault);
  EXPECT_EQ(file_effect(1, true, kMin).contribution, 253);
}

TEST(TrackerEffect, FileWeightZeroFaultsOnNonZeroValueOrZeroWithReverse) {
  EXPECT_TRUE(file_effect(0, false, 1).fault);
  EXPECT_TRUE(file_effect(0, false, -5).fault);
  EXPECT_FALSE(file_effect(0, false, 0).fault);
  EXPECT_TRUE(file_effect(0, true, 0).fault);
  EXPECT_FALSE(file_effect(0, true, 3).fault);
  EXPECT_TRUE(file_effect(0, false, std::nullopt).pending);
  EXPECT_EQ(file_effect(3, false, std::nullopt).contribution, 0);
}

TEST(ProcessQuorum, UpBetweenQuorumAndQuorumMax) {
  EXPECT_EQ(process_quorum_status(0, 1, std::nullopt), Down);
  EXPECT_EQ(process_quorum_status(1, 1, std::nullopt), Up);
  EXPECT_EQ(process_quorum_status(9, 1, std::nullopt), Up);
  EXPECT_EQ(process_quorum_status(2, 3, std::nullopt), Down);
  EXPECT_EQ(process_quorum_status(2, 1, 1u), Down);  // a second copy running
  EXPECT_EQ(process_quorum_status(0, 0, 0u), Up);    // quorum_max 0: must not run
  EXPECT_EQ(process_quorum_status(1, 0, 0u), Down);
}

// ---- The set -----------------------------------------------------------------------------------

TEST(TrackerSet, NoTrackersGivesTheBasePriority) {
  const TrackerSet set(150);
  EXPECT_EQ(set.outcome().priority, 150);
  EXPECT_FALSE(set.outcome().faulty());
}

TEST(TrackerSet, SumsEveryContribution) {
  TrackerSet set(100);
  const auto a = set.add(script("a", 20));
  const auto b = set.add(script("b", -30));
  const auto c = set.add({TrackerKind::Interface, "eth1", 5, true});
  set.set_status(a, Up);
  set.set_status(b, Down);
  set.set_status(c, Up);
  EXPECT_EQ(set.outcome().priority, 100 + 20 - 30 - 5);
  set.set_status(b, Up);
  EXPECT_EQ(set.outcome().priority, 100 + 20 - 5);
}

TEST(TrackerSet, ClampsAt254) {
  TrackerSet set(250);
  const auto a = set.add(script("a", 10));
  const TrackingChange ch = set.set_status(a, Up);
  EXPECT_TRUE(ch.priority_changed);
  EXPECT_EQ(ch.outcome.priority, 254);
  const PriorityBreakdown b = set.explain();
  EXPECT_EQ(b.unclamped, 260);
  EXPECT_TRUE(b.clamped);
}

TEST(TrackerSet, ClampsAt1NeverReaching0) {
  TrackerSet set(20);
  const auto a = set.add(script("a", -253));
  set.set_status(a, Down);
  EXPECT_EQ(set.outcome().priority, 1);
  EXPECT_EQ(set.explain().unclamped, 20 - 253);
  EXPECT_FALSE(set.outcome().faulty());  // a weighted tracker never faults
}

TEST(TrackerSet, ClampedSumStillCountsEveryTracker) {
  // 250 + 10 - 8 = 252: the clamp applies to the total, not to each step.
  TrackerSet set(250);
  const auto a = set.add(script("a", 10));
  const auto b = set.add(script("b", -8));
  set.set_status(a, Up);
  set.set_status(b, Down);
  EXPECT_EQ(set.outcome().priority, 252);
}

TEST(TrackerSet, OwnerPriorityIsNeverChanged) {
  TrackerSet set(255);
  const auto a = set.add(script("a", -50));
  const auto b = set.add(script("b", 0), Up);
  TrackingChange ch = set.set_status(a, Down);
  EXPECT_FALSE(ch.priority_changed);
  EXPECT_EQ(ch.outcome.priority, 255);
  EXPECT_TRUE(set.explain().trackers[0].ignored_for_owner);
  EXPECT_FALSE(set.explain().clamped);
  // Weight 0 still means FAULT for the owner.
  ch = set.set_status(b, Down);
  EXPECT_TRUE(ch.fault_changed);
  EXPECT_TRUE(ch.outcome.faulty());
}

TEST(TrackerSet, ReportsOnlyRealChanges) {
  TrackerSet set(100);
  const auto a = set.add(script("a", 10));
  const auto f = set.add(script("f", 0), Up);
  TrackingChange ch = set.set_status(a, Down);  // weighted +10, Unknown -> Down: still 0
  EXPECT_FALSE(ch.any());
  ch = set.set_status(a, Up);
  EXPECT_TRUE(ch.priority_changed);
  EXPECT_FALSE(ch.fault_changed);
  ch = set.set_status(a, Up);
  EXPECT_FALSE(ch.any());
  ch = set.set_status(f, Down);
  EXPECT_FALSE(ch.priority_changed);
  EXPECT_TRUE(ch.fault_changed);
  EXPECT_TRUE(ch.outcome.faulty());
  EXPECT_FALSE(set.set_status(99, Down).any());  // unknown id
}

TEST(TrackerSet, BothChangesYieldPriorityThenFaultInputs) {
  TrackerSet set(100);
  const auto a = set.add(script("a", -20), Up);
  const auto f = set.add(file("f", 0));  // pending until read: faulty
  EXPECT_TRUE(set.outcome().faulty());
  EXPECT_TRUE(set.outcome().pending);
  set.set_status(a, Down);
  const TrackingChange ch = set.set_value(f, 0);
  EXPECT_FALSE(ch.priority_changed);
  EXPECT_TRUE(ch.fault_changed);
  const auto inputs = instance_inputs(ch);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_FALSE(std::get<TrackFaultChanged>(inputs[0]).faulty);

  // Now both at once: a file whose value drives the priority down and another to fault.
  TrackerSet two(100);
  const auto w = two.add(file("w", 10));
  two.set_value(w, 0);
  const TrackingChange both = two.set_value(w, -30);  // -300 < -253: FAULT, contribution 0
  EXPECT_TRUE(both.fault_changed);
  EXPECT_FALSE(both.priority_changed);
  const TrackingChange back = two.set_value(w, -2);
  EXPECT_TRUE(back.fault_changed);
  EXPECT_TRUE(back.priority_changed);
  const auto in2 = instance_inputs(back);
  ASSERT_EQ(in2.size(), 2u);
  EXPECT_EQ(std::get<PriorityChanged>(in2[0]).priority, 80);
  EXPECT_FALSE(std::get<TrackFaultChanged>(in2[1]).faulty);
  EXPECT_TRUE(instance_inputs(TrackingChange{}).empty());
}

TEST(TrackerSet, PendingUntilEveryWeightZeroScriptReported) {
  TrackerSet set(100);
  const auto a = set.add(script("a", 0));
  const auto b = set.add(script("b", 0));
  EXPECT_TRUE(set.outcome().pending);
  set.set_status(a, Up);
  EXPECT_TRUE(set.outcome().pending);
  EXPECT_TRUE(set.outcome().faulty());
  TrackingChange ch = set.set_status(b, Up);
  EXPECT_TRUE(ch.fault_changed);
  EXPECT_FALSE(ch.outcome.pending);
  set.set_status(a, Down);
  const TrackingOutcome o = set.outcome();
  EXPECT_TRUE(o.faulty());
  EXPECT_FALSE(o.pending);  // a real failure: notified
}

TEST(TrackerSet, GroupFaultIsOredWithTrackerFault) {
  TrackerSet set(100);
  const auto f = set.add(script("f", 0), Up);
  TrackingChange ch = set.set_group_fault(true);
  EXPECT_TRUE(ch.fault_changed);
  EXPECT_TRUE(ch.outcome.group_fault);
  EXPECT_FALSE(ch.outcome.tracker_fault);
  ch = set.set_status(f, Down);
  EXPECT_FALSE(ch.fault_changed);  // already faulty through the group
  ch = set.set_group_fault(false);
  EXPECT_FALSE(ch.fault_changed);  // still faulty through its own tracker
  ch = set.set_status(f, Up);
  EXPECT_TRUE(ch.fault_changed);
  EXPECT_FALSE(ch.outcome.faulty());
}

TEST(TrackerSet, BasePriorityChangeOnReloadKeepsTrackerResults) {
  TrackerSet set(100);
  const auto a = set.add(script("a", 30), Up);
  EXPECT_EQ(set.outcome().priority, 130);
  TrackingChange ch = set.set_base_priority(90);
  EXPECT_TRUE(ch.priority_changed);
  EXPECT_EQ(ch.outcome.priority, 120);
  ch = set.set_base_priority(255);  // now the owner: trackers no longer apply
  EXPECT_EQ(ch.outcome.priority, 255);
  EXPECT_EQ(set.find(TrackerKind::Script, "a"), a);
  EXPECT_FALSE(set.find(TrackerKind::Interface, "a"));
}

TEST(TrackerSet, ExplainListsEachContributionAndTheClamp) {
  TrackerSet set(240);
  const auto a = set.add(script("chk_haproxy", 20), Up);
  set.add({TrackerKind::Interface, "eth1", -50, false}, Up);
  const auto f = set.add(file("prio_file", 2));
  set.set_value(f, 3);
  set.add(script("chk_fault", 0), Up);
  (void)a;
  const PriorityBreakdown b = set.explain();
  EXPECT_EQ(b.base, 240);
  ASSERT_EQ(b.trackers.size(), 4u);
  EXPECT_EQ(b.trackers[0].effect.contribution, 20);
  EXPECT_EQ(b.trackers[1].effect.contribution, 0);
  EXPECT_EQ(b.trackers[2].effect.contribution, 6);
  EXPECT_EQ(b.sum, 26);
  EXPECT_EQ(b.unclamped, 266);
  EXPECT_EQ(b.effective, 254);
  EXPECT_TRUE(b.clamped);
  EXPECT_FALSE(b.tracker_fault);
  const std::string text = to_text(b);
  EXPECT_NE(text.find("base priority 240\n"), std::string::npos) << text;
  EXPECT_NE(text.find("track_script chk_haproxy weight +20: up -> +20\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("track_interface eth1 weight -50: up -> 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("track_file prio_file weight +2: value 3 -> +6\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("sum +26: 240 + 26 = 266, clamped to 254 (range 1..254)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("effective priority 254\n"), std::string::npos) << text;
}

TEST(TrackerSet, ExplainShowsFaultsAndOwner) {
  TrackerSet set(255);
  set.add(script("chk", 0));
  set.add(script("weighted", -10), Down);
  set.set_group_fault(true);
  const std::string text = to_text(set.explain());
  EXPECT_NE(text.find("(address owner: trackers never change it)"), std::string::npos) << text;
  EXPECT_NE(text.find("chk weight 0: unknown -> FAULT (waiting for the first result)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("weighted weight -10: down -> ignored (owner)"), std::string::npos) << text;
  EXPECT_EQ(text.find("sum"), std::string::npos) << text;
  EXPECT_NE(text.find("effective priority 255; FAULT until scripts report; FAULT (sync group)"),
            std::string::npos)
      << text;
}

// ---- Fed to the state machine --------------------------------------------------------------

TEST(TrackerSet, DrivesAnInstanceIntoFaultAndBackWithTheNewPriority) {
  InstanceConfig config;
  config.vrid = 10;
  config.priority = 100;
  config.source = *IpAddr::parse("192.0.2.1");
  config.vips = {*IpAddr::parse("192.0.2.100")};
  Instance vr(config);
  const TimePoint t0{std::chrono::seconds(1000)};
  TrackerSet set(config.priority);
  const auto chk = set.add(script("chk", 0), Up);
  const auto level = set.add(file("level", 10));
  set.set_value(level, 0);
  vr.handle(t0, Startup{});
  while (vr.poll_output()) {
  }
  ASSERT_EQ(vr.state(), State::Backup);

  for (const Input& in : instance_inputs(set.set_status(chk, Down))) vr.handle(t0, in);
  EXPECT_EQ(vr.state(), State::Fault);
  for (const Input& in : instance_inputs(set.set_status(chk, Up))) vr.handle(t0, in);
  EXPECT_EQ(vr.state(), State::Backup);
  // -30 × 10 is below -253: FAULT. Then -4 × 10 = -40 clears it and lowers the priority in
  // the same update: both inputs, priority first.
  for (const Input& in : instance_inputs(set.set_value(level, -30))) vr.handle(t0, in);
  EXPECT_EQ(vr.state(), State::Fault);
  const auto inputs = instance_inputs(set.set_value(level, -4));
  ASSERT_EQ(inputs.size(), 2u);
  for (const Input& in : inputs) vr.handle(t0, in);
  EXPECT_EQ(vr.state(), State::Backup);
  EXPECT_EQ(vr.effective_priority(), 60);
  // The master-down wait is computed from 60, because PriorityChanged came first.
  EXPECT_EQ(vr.master_down_interval(),
            3 * config.advert_interval + config.advert_interval * (256 - 60) / 256);
  EXPECT_EQ(vr.poll_timeout(), t0 + vr.master_down_interval());
}

// ---- Script hysteresis ---------------------------------------------------------------------

std::string run(ScriptStatus& s, const std::string& results) {
  // 'S' success, 'F' failure, 'T' timeout; returns one char per step: status after it.
  std::string out;
  for (char c : results) {
    const ScriptRun r = c == 'S' ? ScriptRun::Success
                                 : (c == 'T' ? ScriptRun::TimedOut : ScriptRun::Failure);
    s.feed(r);
    out += s.status() == Up ? 'u' : (s.status() == Down ? 'd' : '?');
  }
  return out;
}

TEST(ScriptStatus, FirstRunDecidesByDefault) {
  ScriptStatus up(3, 3);
  EXPECT_EQ(up.status(), Unknown);
  EXPECT_EQ(up.counter(), 2u);
  EXPECT_EQ(up.feed(ScriptRun::Success), Up);
  EXPECT_EQ(up.counter(), 5u);
  ScriptStatus down(3, 3);
  EXPECT_EQ(down.feed(ScriptRun::Failure), Down);
  EXPECT_EQ(down.counter(), 0u);
}

TEST(ScriptStatus, InitFailStartsDownAndNeedsRiseSuccesses) {
  ScriptStatus s(2, 2, /*init_fail=*/true);
  EXPECT_EQ(s.status(), Down);
  EXPECT_EQ(s.counter(), 0u);
  EXPECT_EQ(s.feed(ScriptRun::Success), std::nullopt);
  EXPECT_EQ(s.feed(ScriptRun::Success), Up);
}

TEST(ScriptStatus, RiseTwoFallTwo) {
  ScriptStatus s(2, 2);
  // First failure decides (down); 2 successes to rise, 2 failures to fall; an interleaved
  // opposite result restarts the count.
  EXPECT_EQ(run(s, "FSSFSFFSFSS"), "dduuuuddddu");
}

TEST(ScriptStatus, RiseThreeFallOneAndTimeoutsAreFailures) {
  ScriptStatus s(3, 1);
  EXPECT_EQ(run(s, "SSSTSSFSS"), "uuudddddd");
  EXPECT_EQ(s.counter(), 2u);
}

TEST(ScriptStatus, FallCountsOnlyConsecutiveFailures) {
  ScriptStatus s(1, 3);
  EXPECT_EQ(run(s, "SFFSFFSFFF"), "uuuuuuuuud");
  EXPECT_EQ(s.counter(), 0u);
  EXPECT_EQ(s.feed(ScriptRun::Failure), std::nullopt);  // already down: no transition
  EXPECT_EQ(s.feed(ScriptRun::Success), Up);           // rise 1
}

TEST(ScriptStatus, ReportsOnlyTransitions) {
  ScriptStatus s(1, 1);
  EXPECT_EQ(s.feed(ScriptRun::Success), Up);
  EXPECT_EQ(s.feed(ScriptRun::Success), std::nullopt);
  EXPECT_EQ(s.feed(ScriptRun::TimedOut), Down);
  EXPECT_EQ(s.feed(ScriptRun::Failure), std::nullopt);
}

TEST(ScriptStatus, RiseAndFallZeroActAsOne) {
  ScriptStatus s(0, 0);
  EXPECT_EQ(s.rise(), 1u);
  EXPECT_EQ(s.fall(), 1u);
  EXPECT_EQ(run(s, "SFS"), "udu");
}

// ---- Admission -------------------------------------------------------------------------------

TEST(AdmitTracker, WeightZeroIsAlwaysKept) {
  for (const bool owner : {false, true}) {
    for (const bool member : {false, true}) {
      const auto v = admit_tracker(TrackerKind::Script, 0, true, owner, member);
      EXPECT_EQ(v.action, Admission::Keep);
      EXPECT_EQ(v.weight, 0);
    }
  }
}

TEST(AdmitTracker, OwnerDropsWeightedTrackers) {
  EXPECT_EQ(admit_tracker(TrackerKind::Interface, 10, true, true, false).action, Admission::Drop);
  EXPECT_EQ(admit_tracker(TrackerKind::Script, -10, true, true, false).action, Admission::Drop);
  EXPECT_EQ(admit_tracker(TrackerKind::File, 1, false, true, false).action, Admission::Drop);
}

TEST(AdmitTracker, SyncMemberZeroesInterfacesAndDefaultFilesDropsTheRest) {
  auto v = admit_tracker(TrackerKind::Interface, -20, true, false, true);
  EXPECT_EQ(v.action, Admission::ZeroWeight);
  EXPECT_EQ(v.weight, 0);
  v = admit_tracker(TrackerKind::File, 1, false, false, true);
  EXPECT_EQ(v.action, Admission::ZeroWeight);
  EXPECT_EQ(admit_tracker(TrackerKind::File, 1, true, false, true).action, Admission::Drop);
  EXPECT_EQ(admit_tracker(TrackerKind::Script, 5, true, false, true).action, Admission::Drop);
  EXPECT_EQ(admit_tracker(TrackerKind::Bfd, 5, true, false, true).action, Admission::Drop);
  EXPECT_EQ(admit_tracker(TrackerKind::Process, 5, true, false, true).action, Admission::Drop);
  v = admit_tracker(TrackerKind::Script, -5, true, false, false);
  EXPECT_EQ(v.action, Admission::Keep);
  EXPECT_EQ(v.weight, -5);
}

// ---- Lint ------------------------------------------------------------------------------------

std::vector<LintFinding> lint(std::uint8_t base, std::vector<TrackerSpec> specs,
                              std::uint8_t peer, bool peer_preempt = true,
                              bool preempt = true) {
  TrackerSet set(base);
  for (const TrackerSpec& s : specs) set.add(s);
  const LintPeer peers[] = {{"B", peer, peer_preempt}};
  return lint_weights(set, preempt, peers);
}

TEST(LintWeights, WeightSmallerThanTheGapCannotHandOver) {
  // The classic: master 100, backup 90, check weight -5: 95 still wins.
  const auto f = lint(100, {script("chk", -5)}, 90);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::CannotYield);
  EXPECT_EQ(f[0].tracker, 0u);
  EXPECT_EQ(f[0].needed, 11);
  EXPECT_NE(f[0].message.find("from 100 to 95 while down"), std::string::npos) << f[0].message;
  EXPECT_NE(f[0].message.find("|weight| >= 11"), std::string::npos) << f[0].message;
}

TEST(LintWeights, WeightEqualToTheGapOnlyTies) {
  const auto f = lint(100, {script("chk", -10)}, 90);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::OnlyTies);
  EXPECT_NE(f[0].message.find("higher IP address"), std::string::npos);
}

TEST(LintWeights, LargeEnoughWeightIsFine) {
  EXPECT_TRUE(lint(100, {script("chk", -11)}, 90).empty());
  EXPECT_TRUE(lint(100, {script("chk", 0)}, 90).empty());   // FAULT always acts
  EXPECT_TRUE(lint(100, {script("up", 20)}, 90).empty());   // raises a leader: harmless
}

TEST(LintWeights, ReverseCountsAsTheOppositeSign) {
  EXPECT_TRUE(lint(100, {script("chk", 20, true)}, 90).empty());  // -20 while up
  const auto f = lint(100, {script("chk", 5, true)}, 90);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::CannotYield);
  EXPECT_NE(f[0].message.find("while up"), std::string::npos) << f[0].message;
}

TEST(LintWeights, BackupWeightCannotTakeOver) {
  const auto f = lint(90, {script("chk", 5)}, 100);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::CannotTakeOver);
  EXPECT_EQ(f[0].needed, 11);
}

TEST(LintWeights, NopreemptPeerIgnoresOurDrop) {
  const auto f = lint(100, {script("chk", -50)}, 90, /*peer_preempt=*/false);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::PeerNopreempt);
  EXPECT_NE(f[0].message.find("weight 0"), std::string::npos);
}

TEST(LintWeights, NopreemptSelfIgnoresOurRise) {
  const auto f = lint(90, {script("chk", 50)}, 100, true, /*preempt=*/false);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::SelfNopreempt);
}

TEST(LintWeights, ClampSwallowsTheWholeEffect) {
  const auto top = lint(254, {script("up", 5)}, 100);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].kind, LintKind::SwallowedByClamp);
  const auto bottom = lint(1, {script("down", -5)}, 100);
  ASSERT_EQ(bottom.size(), 1u);
  EXPECT_EQ(bottom[0].kind, LintKind::SwallowedByClamp);
}

TEST(LintWeights, OnlySeveralTrackersTogetherCanHandOver) {
  const auto f = lint(100, {script("a", -6), script("b", -6)}, 90);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].kind, LintKind::CannotYield);
  EXPECT_EQ(f[1].kind, LintKind::CannotYield);
  EXPECT_EQ(f[2].kind, LintKind::CombinedOnly);
  EXPECT_FALSE(f[2].tracker);
  EXPECT_NE(f[2].message.find("100 -12 = 88"), std::string::npos) << f[2].message;
}

TEST(LintWeights, OwnerPeerCannotBeOvertaken) {
  const auto f = lint(200, {script("chk", 253)}, 255);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::CannotTakeOver);
}

TEST(LintWeights, OwnerWeightsAreIgnored) {
  const auto f = lint(255, {script("a", -50), script("b", 0)}, 100);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, LintKind::IgnoredOnOwner);
  EXPECT_EQ(f[0].tracker, 0u);
}

TEST(LintWeights, UsesTheHighestPeer) {
  TrackerSet set(100);
  set.add(script("chk", -15));
  const LintPeer peers[] = {{"low", 50, true}, {"high", 95, true}, {"mid", 70, true}};
  const auto f = lint_weights(set, true, peers);
  EXPECT_TRUE(f.empty());  // 85 < 95: hands over to "high"
  const LintPeer close[] = {{"low", 50, true}, {"high", 99, true}};
  set.set_base_priority(120);
  const auto g = lint_weights(set, true, close);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NE(g[0].message.find("peer high (priority 99)"), std::string::npos) << g[0].message;
  EXPECT_TRUE(lint_weights(set, true, {}).empty());
}

}  // namespace
}  // namespace vrrp::proto
