// The per-VR state machine, row by row of vrrp-conformance.md §3.2, on a hand-advanced clock.
// Deadlines are asserted to the microsecond; outputs as text in emission order.
#include <gtest/gtest.h>

#include "instance_test_util.hpp"
#include "proto/rfc_timers.hpp"

namespace vrrp::proto::test {
namespace {

constexpr std::int64_t kMdiP100 = 3'609'375;   // v3, 1 s: 3 s + (156 * 100 cs / 256)
constexpr std::int64_t kSkewP100 = 609'375;

// Brings a p100 (by default) instance to Master at t = MDI by letting the down timer expire.
Driver master_driver(InstanceConfig c = v3_config()) {
  Driver d(std::move(c));
  d.feed(0us, Startup{});
  d.fire();
  return d;
}

// ---- Table: what each state does with each kind of received advert ----------------------

struct RxCase {
  const char* name;
  std::uint8_t local_priority;
  bool start_master;        // else Backup (just started)
  bool preempt;
  std::uint8_t peer_priority;
  const char* peer_source;  // local source is 192.0.2.1
  State expect_state;
  Lines expect;             // outputs after the advert at t = 1 s (Backup) / t = MDI + 1 s (Master)
  std::int64_t expect_deadline_after_rx_us;  // relative to the receive time; -1: unchanged
};

void PrintTo(const RxCase& c, std::ostream* os) { *os << c.name; }

class ReceivedAdvert : public testing::TestWithParam<RxCase> {};

TEST_P(ReceivedAdvert, FollowsTransitionTable) {
  const RxCase& c = GetParam();
  InstanceConfig cfg = v3_config(c.local_priority);
  cfg.preempt = c.preempt;
  cfg.announce.lower_prio_repeat = 0;  // announcements are tested separately
  Driver d(cfg);
  d.feed(0us, Startup{});
  if (c.start_master) d.fire();
  ASSERT_EQ(d.vr.state(), c.start_master ? State::Master : State::Backup);
  const std::int64_t before = d.deadline_us();
  const Duration rx_at = (c.start_master ? Duration(d.deadline_us()) - 500ms : 1s);
  PeerAdvert peer;
  peer.priority = c.peer_priority;
  peer.source = ip(c.peer_source);
  EXPECT_EQ(d.receive(rx_at, peer), c.expect);
  EXPECT_EQ(d.vr.state(), c.expect_state);
  const std::int64_t rx_us = rx_at.count();
  if (c.expect_deadline_after_rx_us < 0) {
    EXPECT_EQ(d.deadline_us(), before) << "timer must keep running";
  } else {
    EXPECT_EQ(d.deadline_us(), rx_us + c.expect_deadline_after_rx_us);
  }
  EXPECT_EQ(d.vr.counters().adverts_rcvd, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ReceivedAdvert,
    testing::Values(
        // Row 5: Backup, priority 0 -> Master_Down_Timer = Skew_Time.
        RxCase{"row5_backup_prio0", 100, false, true, 0, "192.0.2.2", State::Backup, {}, kSkewP100},
        // Row 6: higher, equal (no tie-break in Backup, even from a lower address).
        RxCase{"row6_backup_higher", 100, false, true, 200, "192.0.2.2", State::Backup, {}, kMdiP100},
        RxCase{"row6_backup_equal_lower_addr", 100, false, true, 100, "192.0.2.0", State::Backup, {},
               kMdiP100},
        // Row 6 with Preempt_Mode False: a lower master is followed.
        RxCase{"row6_nopreempt_lower", 100, false, false, 50, "192.0.2.2", State::Backup, {}, kMdiP100},
        // Row 7: lower priority, preempt -> discarded, the timer keeps running.
        RxCase{"row7_backup_lower_preempt", 100, false, true, 50, "192.0.2.2", State::Backup, {}, -1},
        // Row 10: Master, priority 0 -> advert now, Adver_Timer = interval.
        RxCase{"row10_master_prio0", 100, true, true, 0, "192.0.2.2", State::Master,
               {"advert(100 -> 224.0.0.18)"}, 1'000'000},
        // Row 11: higher priority, or equal from a higher address -> Backup, full MDI.
        RxCase{"row11_master_higher", 100, true, true, 101, "192.0.2.2", State::Backup,
               {"remove(192.0.2.100)", "MASTER->BACKUP (higher priority advert)"}, kMdiP100},
        RxCase{"row11_master_equal_higher_addr", 100, true, true, 100, "192.0.2.2", State::Backup,
               {"remove(192.0.2.100)", "MASTER->BACKUP (higher priority advert)"}, kMdiP100},
        // Row 12: lower, or equal from a lower address -> one advert, Adver_Timer unchanged.
        RxCase{"row12_master_lower", 100, true, true, 99, "192.0.2.2", State::Master,
               {"advert(100 -> 224.0.0.18)"}, -1},
        RxCase{"row12_master_equal_lower_addr", 100, true, true, 100, "192.0.2.0", State::Master,
               {"advert(100 -> 224.0.0.18)"}, -1},
        // Owner as Master: everybody is lower (or an equal owner decided by address).
        RxCase{"owner_master_vs_254", 255, true, true, 254, "192.0.2.2", State::Master,
               {"note(0x10 from 192.0.2.2)", "advert(255 -> 224.0.0.18)"}, -1}),
    [](const testing::TestParamInfo<RxCase>& info) { return std::string(info.param.name); });

// ---- Startup ------------------------------------------------------------------------------

TEST(InstanceStartup, OwnerBecomesMasterAtOnceAdvertFirstThenVipsThenAnnounce) {
  Driver d(v3_config(255));
  EXPECT_EQ(d.feed(0us, Startup{}),
            (Lines{"INIT->MASTER (address owner)", "advert(255 -> 224.0.0.18)", "install(192.0.2.100)",
                   "announce(192.0.2.100 x5)"}));
  EXPECT_EQ(d.vr.state(), State::Master);
  EXPECT_EQ(d.deadline_us(), 1'000'000);  // Adver_Timer
  EXPECT_EQ(d.vr.counters().master_transitions, 1u);
  EXPECT_EQ(d.vr.counters().adverts_sent, 1u);
}

TEST(InstanceStartup, NonOwnerWaitsMasterDownIntervalEvenWithStateMasterHint) {
  for (InitialState hint : {InitialState::Backup, InitialState::Master}) {
    InstanceConfig c = v3_config(200);
    c.initial_state = hint;
    Driver d(c);
    EXPECT_EQ(d.feed(0us, Startup{}), (Lines{"INIT->BACKUP (startup)"}));
    EXPECT_EQ(d.deadline_us(), 3'218'750);  // v3 p200: 3 s + 218 750 us
    EXPECT_EQ(d.fire(), (Lines{"BACKUP->MASTER (master down)", "advert(200 -> 224.0.0.18)",
                               "install(192.0.2.100)", "announce(192.0.2.100 x5)"}));
    EXPECT_EQ(d.now - d.origin, 3'218'750us);
  }
}

TEST(InstanceStartup, V2UsesSecondsSkewIndependentOfInterval) {
  InstanceConfig c = v2_config(100);
  c.advert_interval = 2s;
  Driver d(c);
  d.feed(0us, Startup{});
  EXPECT_EQ(d.deadline_us(), 6'609'375);
}

TEST(InstanceStartup, StartupTwiceIsIgnored) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  EXPECT_TRUE(d.feed(1s, Startup{}).empty());
  EXPECT_EQ(d.deadline_us(), kMdiP100);
}

TEST(InstanceStartup, LinkDownBeforeStartupGoesToFault) {
  Driver d(v3_config());
  EXPECT_TRUE(d.feed(0us, LinkChanged{false}).empty());
  EXPECT_EQ(d.feed(0us, Startup{}), (Lines{"INIT->FAULT (link down)"}));
  EXPECT_EQ(d.deadline_us(), -1);
  EXPECT_EQ(d.feed(2s, LinkChanged{true}), (Lines{"FAULT->BACKUP (link up)"}));
  EXPECT_EQ(d.deadline_us(), 2'000'000 + kMdiP100);
}

// ---- Backup -------------------------------------------------------------------------------

TEST(InstanceBackup, ShutdownCancelsTimerSilently) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  EXPECT_EQ(d.feed(1s, Shutdown{}), (Lines{"BACKUP->INIT (shutdown)"}));
  EXPECT_EQ(d.deadline_us(), -1);
  EXPECT_EQ(d.vr.counters().adverts_sent, 0u);
}

TEST(InstanceBackup, LearnsV3IntervalAndRecomputesSkewAndMdi) {
  Driver d(v3_config(100));
  d.feed(0us, Startup{});
  PeerAdvert peer;
  peer.priority = 200;
  peer.interval_cs = 50;
  EXPECT_EQ(d.receive(1s, peer), (Lines{"note(0x8 from 192.0.2.2)"}));  // interval differs: logged
  EXPECT_EQ(d.vr.master_adver_interval(), 500ms);
  EXPECT_EQ(d.vr.skew_time(), 304'687us);
  EXPECT_EQ(d.deadline_us(), 1'000'000 + 1'804'687);
  EXPECT_EQ(d.vr.master_address(), ip("192.0.2.2"));
  // Becoming Master restores our own interval (keepalived keeps the learned one: not copied).
  d.fire();
  EXPECT_EQ(d.vr.state(), State::Master);
  EXPECT_EQ(d.vr.master_adver_interval(), 1s);
  EXPECT_EQ(d.deadline_us(), 1'000'000 + 1'804'687 + 1'000'000);
}

TEST(InstanceBackup, V2IntervalMismatchIsDroppedBeforeTheStateMachine) {
  Driver d(v2_config(100));
  d.feed(0us, Startup{});
  PeerAdvert peer;
  peer.version = Version::V2;
  peer.priority = 200;
  peer.interval_s = 2;
  EXPECT_EQ(d.receive(1s, peer), (Lines{"drop(adv_interval_errors from 192.0.2.2)"}));
  EXPECT_EQ(d.deadline_us(), kMdiP100);  // not reset
  EXPECT_EQ(d.vr.counters().dropped(DropReason::AdvInterval), 1u);
  EXPECT_EQ(d.vr.counters().adverts_rcvd, 0u);
  EXPECT_EQ(d.vr.last_drop(), DropReason::AdvInterval);
}

TEST(InstanceBackup, BadTtlAndWrongVersionAreCountedPerVr) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  PeerAdvert peer;
  peer.ttl = 254;
  EXPECT_EQ(d.receive(1s, peer), (Lines{"drop(ip_ttl_errors from 192.0.2.2)"}));
  PeerAdvert v2;
  v2.version = Version::V2;
  EXPECT_EQ(d.receive(1s, v2), (Lines{"drop(version_errors from 192.0.2.2)"}));
  EXPECT_EQ(d.vr.counters().dropped(DropReason::IpTtl), 1u);
  EXPECT_EQ(d.vr.counters().dropped(DropReason::Version), 1u);
  EXPECT_EQ(d.deadline_us(), kMdiP100);
}

TEST(InstanceBackup, OwnSourceIsIgnoredSilently) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  PeerAdvert self;
  self.source = ip("192.0.2.1");
  self.priority = 200;
  EXPECT_TRUE(d.receive(1s, self).empty());
  EXPECT_EQ(d.vr.last_drop(), DropReason::FromSelf);
  EXPECT_EQ(d.vr.counters().adverts_rcvd, 0u);
  EXPECT_EQ(d.deadline_us(), kMdiP100);
}

TEST(InstanceBackup, PriorityZeroFasterThanSkewKeepsBackupWaiting) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  PeerAdvert resign;
  resign.priority = 0;
  d.receive(1s, resign);
  d.receive(1500ms, resign);
  EXPECT_EQ(d.deadline_us(), 1'500'000 + kSkewP100);
  EXPECT_EQ(d.vr.counters().pri_zero_rcvd, 2u);
}

TEST(InstanceBackup, PriorityChangeIsUsedAtTheNextRearm) {
  Driver d(v3_config(100));
  d.feed(0us, Startup{});
  EXPECT_TRUE(d.feed(1s, PriorityChanged{200}).empty());
  EXPECT_EQ(d.deadline_us(), kMdiP100);  // running timer untouched
  EXPECT_EQ(d.vr.effective_priority(), 200);
  PeerAdvert resign;
  resign.priority = 0;
  d.receive(2s, resign);
  EXPECT_EQ(d.deadline_us(), 2'000'000 + 218'750);  // skew for 200
  // A master at 150 is now lower than us: discarded, we preempt when the timer runs out.
  PeerAdvert m;
  m.priority = 150;
  d.receive(2100ms, m);
  EXPECT_EQ(d.deadline_us(), 2'000'000 + 218'750);
}

TEST(InstanceBackup, PriorityChangeIsClampedAndIgnoredByOwner) {
  Driver d(v3_config(100));
  d.feed(0us, PriorityChanged{255});
  EXPECT_EQ(d.vr.effective_priority(), 254);
  d.feed(0us, PriorityChanged{0});
  EXPECT_EQ(d.vr.effective_priority(), 1);
  Driver owner(v3_config(255));
  owner.feed(0us, PriorityChanged{10});
  EXPECT_EQ(owner.vr.effective_priority(), 255);
}

// ---- preempt_delay ----------------------------------------------------------------------

TEST(InstancePreemptDelay, FollowsLowerMasterUntilTheDelayThenPreempts) {
  InstanceConfig c = v3_config(200);
  c.preempt_delay = 10s;
  Driver d(c);
  d.feed(0us, Startup{});
  PeerAdvert low;
  low.priority = 100;
  for (std::int64_t s = 1; s <= 9; ++s) {
    d.receive(std::chrono::seconds(s), low);
    EXPECT_EQ(d.vr.state(), State::Backup);
    // Followed (row 6 semantics) while the window lasts: the down timer is re-armed.
    EXPECT_EQ(d.deadline_us(), std::min<std::int64_t>(s * 1'000'000 + 3'218'750, 10'000'000));
  }
  EXPECT_EQ(d.fire(), (Lines{"BACKUP->MASTER (master down)", "advert(200 -> 224.0.0.18)",
                             "install(192.0.2.100)", "announce(192.0.2.100 x5)"}));
  EXPECT_EQ(d.now - d.origin, 10s);
}

TEST(InstancePreemptDelay, WindowStartsAtFirstLowerAdvertAfterStartupWindow) {
  InstanceConfig c = v3_config(200);
  c.preempt_delay = 5s;
  Driver d(c);
  d.feed(0us, Startup{});
  PeerAdvert high;
  high.priority = 250;
  for (int s = 1; s <= 6; ++s) d.receive(std::chrono::seconds(s), high);
  d.fire();  // the startup window ends at 5 s while following a higher master: nothing
  EXPECT_EQ(d.vr.state(), State::Backup);
  PeerAdvert low;
  low.priority = 100;
  d.receive(7s, low);  // the higher master was replaced by a lower one: window 7 s .. 12 s
  EXPECT_EQ(d.deadline_us(), 7'000'000 + 3'218'750) << "followed, not discarded";
  for (int s = 8; s <= 11; ++s) d.receive(std::chrono::seconds(s), low);
  d.fire();
  EXPECT_EQ(d.vr.state(), State::Master);
  EXPECT_EQ(d.now - d.origin, 12s);
}

TEST(InstancePreemptDelay, NopreemptNeverPreempts) {
  InstanceConfig c = v3_config(200);
  c.preempt = false;
  c.preempt_delay = 1s;
  Driver d(c);
  d.feed(0us, Startup{});
  PeerAdvert low;
  low.priority = 100;
  for (int s = 1; s <= 20; ++s) d.receive(std::chrono::seconds(s), low);
  EXPECT_EQ(d.vr.state(), State::Backup);
  EXPECT_EQ(d.deadline_us(), 20'000'000 + 3'218'750);
}

// ---- Master -------------------------------------------------------------------------------

TEST(InstanceMaster, AdverTimerSendsEveryIntervalExactly) {
  Driver d = master_driver();
  const std::int64_t t = kMdiP100;
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(d.deadline_us(), t + i * 1'000'000);
    EXPECT_EQ(d.fire(), (Lines{"advert(100 -> 224.0.0.18)"}));
  }
  EXPECT_EQ(d.vr.counters().adverts_sent, 4u);
}

TEST(InstanceMaster, ShutdownSendsPriorityZeroThenRemovesVips) {
  Driver d = master_driver();
  EXPECT_EQ(d.feed(4s, Shutdown{}), (Lines{"advert(0 -> 224.0.0.18)", "remove(192.0.2.100)",
                                           "MASTER->INIT (shutdown)"}));
  EXPECT_EQ(d.vr.counters().pri_zero_sent, 1u);
  EXPECT_EQ(d.deadline_us(), -1);
  EXPECT_EQ(d.vr.state(), State::Initialize);
  // A stopped instance can be started again.
  EXPECT_EQ(d.feed(5s, Startup{}), (Lines{"INIT->BACKUP (startup)"}));
}

TEST(InstanceMaster, HigherPrioSendAdvertAdvertisesBeforeYielding) {
  InstanceConfig c = v3_config();
  c.higher_prio_send_advert = true;
  Driver d = master_driver(c);
  PeerAdvert high;
  high.priority = 200;
  high.interval_cs = 200;
  EXPECT_EQ(d.receive(4s, high), (Lines{"note(0x8 from 192.0.2.2)", "advert(100 -> 224.0.0.18)",
                                        "remove(192.0.2.100)",
                                        "MASTER->BACKUP (higher priority advert)"}));
  // Yielding learns the new master's interval: 3 * 2 s + 156 * 200 cs / 256.
  EXPECT_EQ(d.deadline_us(), 4'000'000 + 6'000'000 + 1'218'750);
  EXPECT_EQ(d.vr.master_priority(), 200);
}

TEST(InstanceMaster, LowerPrioNoAdvertStaysSilent) {
  InstanceConfig c = v3_config();
  c.lower_prio_no_advert = true;
  c.announce.lower_prio_repeat = 0;
  Driver d = master_driver(c);
  PeerAdvert low;
  low.priority = 50;
  EXPECT_TRUE(d.receive(4s, low).empty());
  EXPECT_EQ(d.vr.state(), State::Master);
}

TEST(InstanceMaster, LowerPriorityTriggersAnnouncementsNowAndAfterDelay) {
  InstanceConfig c = v3_config();
  c.announce.master_delay = 0s;
  c.announce.lower_prio_repeat = 3;
  c.announce.lower_prio_delay = 2s;
  Driver d = master_driver(c);
  PeerAdvert low;
  low.priority = 50;
  const Duration rx = Duration(kMdiP100) + 300ms;
  EXPECT_EQ(d.receive(rx, low), (Lines{"advert(100 -> 224.0.0.18)", "announce(192.0.2.100 x3)"}));
  d.fire();  // the periodic advert at MDI + 1 s
  d.fire();  // MDI + 2 s
  EXPECT_EQ(d.fire(), (Lines{"announce(192.0.2.100 x3)"}));
  EXPECT_EQ(d.now - d.origin, rx + 2s);
}

TEST(InstanceMaster, ReceivedPacketsDoNotRearmTheAdverTimer) {
  // keepalived quirk (§5.12): every received packet re-armed its advert timer. Not copied.
  InstanceConfig c = v2_config();
  Driver d = master_driver(c);
  PeerAdvert bad;  // v2 with another interval: dropped
  bad.version = Version::V2;
  bad.interval_s = 3;
  bad.priority = 50;
  const std::int64_t due = d.deadline_us();
  for (int i = 0; i < 5; ++i) d.receive(Duration(kMdiP100) + i * 100ms, bad);
  EXPECT_EQ(d.deadline_us(), due);
  EXPECT_EQ(d.fire(), (Lines{"advert(100 -> 224.0.0.18)"}));
}

TEST(InstanceMaster, PriorityChangeIsCarriedByTheNextAdvert) {
  Driver d = master_driver();
  EXPECT_TRUE(d.feed(4s, PriorityChanged{90}).empty());
  EXPECT_EQ(d.vr.state(), State::Master);
  EXPECT_EQ(d.fire(), (Lines{"advert(90 -> 224.0.0.18)"}));
  const auto& send = std::get<SendAdvert>(d.last_outputs.at(0));
  const auto decoded = decode(Family::Ipv4, send.vrrp);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->priority, 90);
}

// ---- Announcements ------------------------------------------------------------------------

TEST(InstanceAnnounce, BurstAtTransitionSecondAfterDelayThenRefresh) {
  InstanceConfig c = v3_config(255);
  c.announce.master_repeat = 2;
  c.announce.master_delay = 2500ms;
  c.announce.master_refresh = 10s;
  c.announce.master_refresh_repeat = 1;
  Driver d(c);
  d.feed(0us, Startup{});
  std::vector<std::pair<std::int64_t, std::string>> announces;
  while (d.now - d.origin < 31s) {
    for (const auto& line : d.fire()) {
      if (line.starts_with("announce")) {
        announces.emplace_back(std::chrono::duration_cast<Duration>(d.now - d.origin).count(), line);
      }
    }
  }
  const std::vector<std::pair<std::int64_t, std::string>> expected{
      {2'500'000, "announce(192.0.2.100 x2)"},
      {12'500'000, "announce(192.0.2.100 x1)"},
      {22'500'000, "announce(192.0.2.100 x1)"}};
  EXPECT_EQ(announces, expected);
  EXPECT_EQ(d.vr.counters().announcements_sent, 2u + 2u + 1u + 1u);
}

TEST(InstanceAnnounce, NoSecondBurstWhenDelayIsZero) {
  InstanceConfig c = v3_config(255);
  c.announce.master_delay = 0s;
  Driver d(c);
  d.feed(0us, Startup{});
  for (int i = 0; i < 10; ++i) {
    for (const auto& line : d.fire()) EXPECT_FALSE(line.starts_with("announce")) << line;
  }
}

// ---- FAULT --------------------------------------------------------------------------------

TEST(InstanceFault, MasterLinkDownResignsAndIgnoresEverything) {
  Driver d = master_driver();
  EXPECT_EQ(d.feed(4s, LinkChanged{false}), (Lines{"advert(0 -> 224.0.0.18)", "remove(192.0.2.100)",
                                                   "MASTER->FAULT (link down)"}));
  EXPECT_EQ(d.deadline_us(), -1);
  PeerAdvert peer;
  EXPECT_TRUE(d.receive(5s, peer).empty());
  EXPECT_EQ(d.vr.counters().adverts_rcvd, 0u);
  EXPECT_TRUE(d.feed(6s, Timeout{}).empty());
  EXPECT_EQ(d.feed(7s, LinkChanged{true}), (Lines{"FAULT->BACKUP (link up)"}));
  EXPECT_EQ(d.deadline_us(), 7'000'000 + kMdiP100);
}

TEST(InstanceFault, TrackFaultAndLinkAreIndependent) {
  Driver d(v3_config());
  d.feed(0us, Startup{});
  EXPECT_EQ(d.feed(1s, TrackFaultChanged{true}), (Lines{"BACKUP->FAULT (tracker fault)"}));
  EXPECT_TRUE(d.feed(2s, LinkChanged{false}).empty());
  EXPECT_TRUE(d.feed(3s, TrackFaultChanged{false}).empty()) << "link still down";
  EXPECT_EQ(d.vr.state(), State::Fault);
  EXPECT_EQ(d.feed(4s, LinkChanged{true}), (Lines{"FAULT->BACKUP (link up)"}));
  EXPECT_EQ(d.feed(5s, TrackFaultChanged{true}), (Lines{"BACKUP->FAULT (tracker fault)"}));
  EXPECT_EQ(d.feed(6s, TrackFaultChanged{false}), (Lines{"FAULT->BACKUP (tracker recovered)"}));
}

TEST(InstanceFault, LeavingFaultRestoresOwnIntervalAndOwnerComesBackFast) {
  Driver d(v3_config(255));
  d.feed(0us, Startup{});
  d.feed(1s, LinkChanged{false});
  EXPECT_EQ(d.feed(2s, LinkChanged{true}), (Lines{"FAULT->BACKUP (link up)"}));
  EXPECT_EQ(d.deadline_us(), 2'000'000 + 1'000'000 + 3'906);  // interval + owner skew
}

TEST(InstanceFault, OwnerPreemptsALowerMasterEvenWithNopreempt) {
  InstanceConfig c = v3_config(255);
  c.preempt = false;
  Driver d(c);
  d.feed(0us, Startup{});
  d.feed(1s, LinkChanged{false});
  d.feed(2s, LinkChanged{true});
  PeerAdvert low;
  low.priority = 200;
  d.receive(2500ms, low);  // discarded (row 7): the owner's short timer keeps running
  EXPECT_EQ(d.deadline_us(), 3'003'906);
  EXPECT_EQ(d.fire()[0], "BACKUP->MASTER (master down)");
}

// ---- Unicast ------------------------------------------------------------------------------

TEST(InstanceUnicast, OneAdvertPerPeerWithItsOwnChecksum) {
  InstanceConfig c = v3_config(255);
  c.unicast_peers = {ip("192.0.2.2"), ip("192.0.2.3")};
  Driver d(c);
  EXPECT_EQ(d.feed(0us, Startup{}),
            (Lines{"INIT->MASTER (address owner)", "advert(255 -> 192.0.2.2)", "advert(255 -> 192.0.2.3)",
                   "install(192.0.2.100)", "announce(192.0.2.100 x5)"}));
  const auto& a = std::get<SendAdvert>(d.last_outputs.at(1));
  const auto& b = std::get<SendAdvert>(d.last_outputs.at(2));
  ASSERT_EQ(a.vrrp.size(), 12u);
  EXPECT_NE(std::vector(a.vrrp.begin(), a.vrrp.end()), std::vector(b.vrrp.begin(), b.vrrp.end()))
      << "the pseudo-header covers the destination";
  // Each copy validates at its own peer, and would fail at the other one.
  ReceivePolicy peer_policy = d.vr.receive_policy();
  peer_policy.owner = false;
  EXPECT_TRUE(validate({c.source, a.destination, 255, a.vrrp}, &peer_policy).accepted());
  EXPECT_TRUE(validate({c.source, b.destination, 255, b.vrrp}, &peer_policy).accepted());
  EXPECT_EQ(validate({c.source, b.destination, 255, a.vrrp}, &peer_policy).drop, DropReason::Checksum);
  EXPECT_EQ(d.vr.counters().adverts_sent, 2u);
}

TEST(InstanceUnicast, MulticastAdvertIsAModeMismatch) {
  InstanceConfig c = v3_config();
  c.unicast_peers = {ip("192.0.2.2")};
  Driver d(c);
  d.feed(0us, Startup{});
  PeerAdvert multicast;
  EXPECT_EQ(d.receive(1s, multicast), (Lines{"drop(mode_mismatch_errors from 192.0.2.2)"}));
  PeerAdvert unicast;
  unicast.destination = ip("192.0.2.1");
  unicast.priority = 200;
  unicast.ttl = 64;  // TTL is not checked in unicast mode without a configured range
  EXPECT_TRUE(d.receive(2s, unicast).empty());
  EXPECT_EQ(d.deadline_us(), 2'000'000 + kMdiP100);
}

// ---- IPv6 ---------------------------------------------------------------------------------

TEST(InstanceIpv6, AdvertCarriesLinkLocalFirstAndValidatesAtAPeer) {
  Driver d(v3_config(255, Family::Ipv6));
  EXPECT_EQ(d.feed(0us, Startup{}),
            (Lines{"INIT->MASTER (address owner)", "advert(255 -> ff02::12)",
                   "install(fe80::100,2001:db8::100)", "announce(fe80::100,2001:db8::100 x5)"}));
  const auto& s = std::get<SendAdvert>(d.last_outputs.at(1));
  EXPECT_EQ(s.vrrp.size(), 8u + 2 * 16);
  ReceivePolicy peer = d.vr.receive_policy();
  peer.owner = false;
  const Verdict v = validate({ip("fe80::1"), s.destination, 255, s.vrrp}, &peer);
  EXPECT_TRUE(v.accepted()) << counter_name(v.drop);
  EXPECT_EQ(v.notes, kNoteNone);
}

// ---- Reconfigure --------------------------------------------------------------------------

TEST(InstanceReconfigure, MasterKeepsStateAndSwapsVips) {
  Driver d = master_driver();
  InstanceConfig next = d.vr.config();
  next.vips = {ip("192.0.2.100"), ip("192.0.2.101")};
  EXPECT_TRUE(d.vr.reconfigure(d.origin + 5s, next));
  EXPECT_EQ(d.drain(), (Lines{"advert(100 -> 224.0.0.18)", "install(192.0.2.101)",
                              "announce(192.0.2.100,192.0.2.101 x5)"}));
  next.vips = {ip("192.0.2.101")};
  EXPECT_TRUE(d.vr.reconfigure(d.origin + 6s, next));
  EXPECT_EQ(d.drain(), (Lines{"remove(192.0.2.100)", "advert(100 -> 224.0.0.18)"}));
  EXPECT_EQ(d.vr.state(), State::Master);
  // The advert now carries the new list.
  d.fire();
  const auto& s = std::get<SendAdvert>(d.last_outputs.at(0));
  const auto decoded = decode(Family::Ipv4, s.vrrp);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->count, 1);
  EXPECT_EQ(decoded->address(0), ip("192.0.2.101"));
}

TEST(InstanceReconfigure, IdentityChangeNeedsRestart) {
  Driver d = master_driver();
  for (auto mutate : std::vector<void (*)(InstanceConfig&)>{
           [](InstanceConfig& c) { c.vrid = 11; },
           [](InstanceConfig& c) { c.version = Version::V2; },
           [](InstanceConfig& c) { c.family = Family::Ipv6; },
           [](InstanceConfig& c) { c.unicast_peers = {ip("192.0.2.9")}; }}) {
    InstanceConfig next = d.vr.config();
    mutate(next);
    EXPECT_FALSE(d.vr.reconfigure(d.now, next));
    EXPECT_TRUE(d.drain().empty());
  }
  EXPECT_EQ(d.vr.config().vrid, 10);
}

TEST(InstanceReconfigure, BackupKeepsTrackedPriorityUnlessBaseChanges) {
  Driver d(v3_config(100));
  d.feed(0us, Startup{});
  d.feed(1s, PriorityChanged{80});
  InstanceConfig next = d.vr.config();
  next.preempt = false;
  EXPECT_TRUE(d.vr.reconfigure(d.now, next));
  EXPECT_EQ(d.vr.effective_priority(), 80);
  EXPECT_TRUE(d.drain().empty());
  next.priority = 120;
  EXPECT_TRUE(d.vr.reconfigure(d.now, next));
  EXPECT_EQ(d.vr.effective_priority(), 120);
  EXPECT_EQ(d.vr.state(), State::Backup);
}

}  // namespace
}  // namespace vrrp::proto::test
