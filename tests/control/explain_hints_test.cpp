// "What would make it move": one sentence per rule that applies, per state.
#include <gtest/gtest.h>

#include "fake_provider.hpp"
#include "vrrpd/control/reply.hpp"

namespace vrrp::control {
namespace {

Explanation backup(std::uint8_t ours, std::uint8_t theirs, bool preempt) {
  Explanation e;
  e.status.name = "VI_1";
  e.status.interface = "eth0";
  e.status.state = proto::State::Backup;
  e.status.effective_priority = ours;
  e.status.base_priority = ours;
  e.status.master = test::addr("192.0.2.2");
  e.status.master_priority = theirs;
  e.priority = proto::TrackerSet(ours).explain();
  e.preempt = preempt;
  return e;
}

using Hints = std::vector<std::string>;

TEST(ExplainHints, BackupAgainstAStrongerMaster) {
  EXPECT_EQ(explain_hints(backup(100, 150, true)),
            Hints{"needs priority above 150 (now 100, +51) to preempt, or the master 192.0.2.2 to stop advertising"});
}

TEST(ExplainHints, BackupThatOutranksTheMaster) {
  auto e = backup(200, 150, true);
  e.preempt_delay = std::chrono::milliseconds(3000);
  EXPECT_EQ(explain_hints(e), Hints{"outranks the master (200 > 150): takes over after preempt_delay 3000 ms"});
  EXPECT_EQ(explain_hints(backup(200, 150, false)),
            Hints{"nopreempt: stays BACKUP while master 192.0.2.2 (priority 150) keeps advertising; takes over only when it stops"});
  EXPECT_EQ(explain_hints(backup(150, 150, true)),
            Hints{"equal priority 150: the master keeps the role unless our address is higher"});
}

TEST(ExplainHints, BackupWithNoMasterHeard) {
  auto e = backup(100, 0, true);
  e.status.master.reset();
  EXPECT_EQ(explain_hints(e), Hints{"becomes MASTER if no advert arrives within Master_Down_Interval"});
}

TEST(ExplainHints, MasterAndOwner) {
  auto e = backup(120, 120, true);
  e.status.state = proto::State::Master;
  EXPECT_EQ(explain_hints(e),
            Hints{"stays MASTER until an advert with priority above 120 (or equal, from a higher address) arrives"});
  e.priority = proto::TrackerSet(255).explain();
  EXPECT_EQ(explain_hints(e), Hints{"address owner (priority 255): stays MASTER until shutdown, fault or release"});
}

TEST(ExplainHints, FaultNamesTheFailingTracker) {
  auto e = backup(100, 0, true);
  e.status.state = proto::State::Fault;
  proto::TrackerSet set(100);
  const auto id = set.add({proto::TrackerKind::Script, "chk_db", 0, false});
  set.set_status(id, proto::TrackStatus::Down);
  e.priority = set.explain();
  EXPECT_EQ(explain_hints(e), Hints{"leaves FAULT when track_script chk_db recovers"});
  e.priority = proto::TrackerSet(100).explain();
  EXPECT_EQ(explain_hints(e), Hints{"leaves FAULT when interface eth0 is up again"});
}

TEST(ExplainHints, ReleaseAndOverrideAreExplained) {
  auto e = backup(100, 150, true);
  e.status.released = true;
  e.status.priority_override = 90;
  EXPECT_EQ(explain_hints(e),
            (Hints{"released by vrrpctl: stays BACKUP until `vrrpctl priority VI_1 reset`",
                   "priority overridden to 90 by vrrpctl (trackers give 100); `vrrpctl priority VI_1 reset` removes it"}));
}

TEST(ExplainHints, WeightZeroTrackerThatWouldFault) {
  auto e = backup(100, 150, true);
  proto::TrackerSet set(100);
  const auto id = set.add({proto::TrackerKind::Interface, "eth1", 0, false});
  set.set_status(id, proto::TrackStatus::Up);
  e.priority = set.explain();
  const auto hints = explain_hints(e);
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[1], "if track_interface eth1 goes down: FAULT");
}

}  // namespace
}  // namespace vrrp::control
