// A ControlProvider with fixed, hand-made instances for the control tests; records the
// mutating calls so tests can assert what reached the "daemon".
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto/tracking.hpp"
#include "vrrpd/control/status.hpp"

namespace vrrp::control::test {

inline proto::IpAddr addr(const char* text) { return *proto::IpAddr::parse(text); }

inline WallTime at(long long unix_seconds) {
  return WallTime{} + std::chrono::seconds(unix_seconds);
}

class FakeProvider : public ControlProvider {
 public:
  FakeProvider() {
    snapshot_.daemon.version = "0.1.0";
    snapshot_.daemon.started = at(1'800'000'000);
    snapshot_.daemon.router.checksum_errors = 3;
    snapshot_.daemon.router.vrid_errors = 7;
    snapshot_.daemon.loop_stalls = 2;

    InstanceStatus a;
    a.name = "VI_1";
    a.interface = "eth0";
    a.vrid = 51;
    a.version = proto::Version::V3;
    a.family = proto::Family::Ipv4;
    a.state = proto::State::Master;
    a.effective_priority = 150;
    a.base_priority = 150;
    a.master = addr("192.0.2.1");
    a.master_priority = 150;
    a.since = at(1'800'000'100);
    a.last_transition = Transition{proto::State::Backup, proto::State::Master, proto::Reason::MasterDown, at(1'800'000'100)};
    a.vips = {addr("192.0.2.100")};
    a.counters.adverts_sent = 12345678901234ULL;
    a.counters.adverts_rcvd = 17;
    a.counters.master_transitions = 1;
    a.counters.transitions = 2;
    a.counters.announcements_sent = 5;
    a.counters.count_drop(proto::DropReason::AuthFailure);
    a.counters.count_drop(proto::DropReason::AuthFailure);
    a.counters.count_drop(proto::DropReason::AdvInterval);

    InstanceStatus b;
    b.name = "VI_6";
    b.interface = "eth1";
    b.vrid = 52;
    b.version = proto::Version::V3;
    b.family = proto::Family::Ipv6;
    b.state = proto::State::Backup;
    b.effective_priority = 80;
    b.base_priority = 100;
    b.master = addr("fe80::2");
    b.master_priority = 120;
    b.since = at(1'800'000'050);
    b.counters.adverts_rcvd = 99;
    b.counters.transitions = 1;

    snapshot_.instances = {a, b};
  }

  Snapshot snapshot() override {
    ++snapshots;
    return snapshot_;
  }

  ControlResult<Explanation> explain(const std::string& name) override {
    const InstanceStatus* s = find(name);
    if (!s) return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no instance named \"" + name + "\""});
    Explanation e;
    e.status = *s;
    proto::TrackerSet set(s->base_priority);
    if (name == "VI_6") {
      const auto eth = set.add({proto::TrackerKind::Interface, "eth9", -20, false});
      set.set_status(eth, proto::TrackStatus::Down);
      const auto chk = set.add({proto::TrackerKind::Script, "chk_nginx", 10, false});
      set.set_status(chk, proto::TrackStatus::Down);
    }
    e.priority = set.explain();
    e.preempt = true;
    e.preempt_delay = std::chrono::milliseconds(0);
    e.advert_interval = std::chrono::milliseconds(1000);
    return e;
  }

  ControlResult<std::string> reload() override {
    ++reloads;
    if (fail_reload) return std::unexpected(ControlError{ErrorCode::Failed, "config has errors: line 3: unknown keyword"});
    return std::string("reload started");
  }

  ControlResult<void> set_priority(const std::string& name, std::optional<std::uint8_t> priority) override {
    InstanceStatus* s = find(name);
    if (!s) return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no instance named \"" + name + "\""});
    priority_calls.emplace_back(name, priority);
    s->priority_override = priority;
    s->released = false;
    s->effective_priority = priority.value_or(s->base_priority);
    return {};
  }

  ControlResult<void> release(const std::string& name) override {
    InstanceStatus* s = find(name);
    if (!s) return std::unexpected(ControlError{ErrorCode::UnknownInstance, "no instance named \"" + name + "\""});
    releases.push_back(name);
    s->released = true;
    s->state = proto::State::Backup;
    return {};
  }

  InstanceStatus* find(const std::string& name) {
    for (auto& s : snapshot_.instances) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }

  Snapshot snapshot_;
  bool fail_reload = false;
  std::atomic<int> snapshots{0};
  int reloads = 0;
  std::vector<std::pair<std::string, std::optional<std::uint8_t>>> priority_calls;
  std::vector<std::string> releases;
};

}  // namespace vrrp::control::test
