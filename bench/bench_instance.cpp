// State-machine hot paths: a Backup taking the Master's advert (validation included), a
// Master's Adver_Timer step (encode included), and the Router demux in front of an instance.
#include <benchmark/benchmark.h>

#include <vector>

#include "proto/instance.hpp"
#include "proto/router.hpp"

namespace {

using namespace std::chrono_literals;
using namespace vrrp::proto;

IpAddr ip(const char* s) { return *IpAddr::parse(s); }

InstanceConfig config(std::uint8_t priority, int vips, Family family = Family::Ipv4) {
  InstanceConfig c;
  c.vrid = 51;
  c.family = family;
  c.priority = priority;
  c.source = family == Family::Ipv4 ? ip("192.0.2.1") : ip("fe80::1");
  for (int i = 0; i < vips; ++i) {
    const std::string base = family == Family::Ipv4 ? "192.0.2." : "2001:db8::";
    c.vips.push_back(ip((base + std::to_string(100 + i)).c_str()));
  }
  return c;
}

// The master's advert, encoded by a master instance itself.
std::vector<std::uint8_t> master_advert(const InstanceConfig& backup_cfg, IpAddr source) {
  InstanceConfig m = backup_cfg;
  m.priority = 255;
  m.source = source;
  Instance master(m);
  master.handle(TimePoint{}, Startup{});
  while (auto o = master.poll_output()) {
    if (auto* s = std::get_if<SendAdvert>(&*o)) return {s->vrrp.begin(), s->vrrp.end()};
  }
  return {};
}

void BM_BackupReceivesMasterAdvert(benchmark::State& state) {
  const Family family = state.range(1) == 6 ? Family::Ipv6 : Family::Ipv4;
  const InstanceConfig cfg = config(100, static_cast<int>(state.range(0)), family);
  const IpAddr master = family == Family::Ipv4 ? ip("192.0.2.2") : ip("fe80::2");
  const auto bytes = master_advert(cfg, master);
  Instance backup(cfg);
  TimePoint now{1000s};
  backup.handle(now, Startup{});
  while (backup.poll_output()) {}
  const Input in = PacketIn{ReceivedPacket{master, vrrp_group(family), 255, bytes}};
  for (auto _ : state) {
    now += 1s;
    backup.handle(now, in);
    while (auto o = backup.poll_output()) benchmark::DoNotOptimize(o);
  }
  if (backup.counters().adverts_rcvd != static_cast<std::uint64_t>(state.iterations()) ||
      backup.state() != State::Backup) {
    state.SkipWithError("advert was not accepted");
  }
}
BENCHMARK(BM_BackupReceivesMasterAdvert)->Args({1, 4})->Args({8, 4})->Args({2, 6});

void BM_MasterAdverTimerStep(benchmark::State& state) {
  InstanceConfig cfg = config(255, static_cast<int>(state.range(0)));
  for (int i = 0; i < state.range(1); ++i) {
    cfg.unicast_peers.push_back(ip(("198.51.100." + std::to_string(i + 1)).c_str()));
  }
  Instance master(cfg);
  master.handle(TimePoint{1000s}, Startup{});
  while (master.poll_output()) {}
  std::size_t bytes = 0;
  for (auto _ : state) {
    const TimePoint due = *master.poll_timeout();
    master.handle(due, Timeout{});
    while (auto o = master.poll_output()) {
      if (auto* s = std::get_if<SendAdvert>(&*o)) bytes += s->vrrp.size();
    }
  }
  benchmark::DoNotOptimize(bytes);
  if (master.counters().adverts_sent < static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("no advert sent");
  }
}
BENCHMARK(BM_MasterAdverTimerStep)->Args({1, 0})->Args({8, 0})->Args({1, 3});

void BM_RouterDeliverToBackup(benchmark::State& state) {
  Router router;
  for (int vrid = 1; vrid <= 64; ++vrid) {
    InstanceConfig c = config(100, 1);
    c.vrid = static_cast<std::uint8_t>(vrid);
    router.add(2, c)->handle(TimePoint{1000s}, Startup{});
  }
  for (const auto& [key, inst] : router.instances()) {
    while (inst->poll_output()) {}
  }
  const auto bytes = master_advert(config(100, 1), ip("192.0.2.2"));
  const ReceivedPacket pkt{ip("192.0.2.2"), vrrp_group(Family::Ipv4), 255, bytes};
  TimePoint now{1000s};
  for (auto _ : state) {
    now += 1s;
    Instance* inst = router.deliver(now, 2, pkt);
    while (auto o = inst->poll_output()) benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_RouterDeliverToBackup);

}  // namespace

BENCHMARK_MAIN();
