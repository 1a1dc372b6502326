// sim_demo: three VRRPv3 routers on a simulated LAN (tests/sim/SimLan, fake clock, real
// packets through the real codec) going through a failover story; prints the timeline.
// Usage: sim_demo [--verbose]   (--verbose also prints every advert, VIP and announcement)
#include <cstdio>
#include <string>
#include <string_view>

#include "sim/sim_lan.hpp"

namespace {

using namespace std::chrono_literals;
using vrrp::proto::InstanceConfig;
using vrrp::proto::IpAddr;
using vrrp::sim::SimLan;
using vrrp::sim::TraceEntry;

InstanceConfig router_config(std::uint8_t priority, int host) {
  InstanceConfig c;
  c.name = "VI_1";
  c.interface = "eth0";
  c.vrid = 51;
  c.priority = priority;
  c.advert_interval = 1s;
  c.source = *IpAddr::parse("192.0.2." + std::to_string(host));
  c.vips = {*IpAddr::parse("192.0.2.100")};
  return c;
}

std::string who_is_master(const SimLan& lan) {
  std::string s;
  for (auto r : lan.masters()) s += (s.empty() ? "" : " + ") + lan.name(r);
  return s.empty() ? "nobody" : s;
}

}  // namespace

int main(int argc, char** argv) {
  const bool verbose = argc > 1 && std::string_view(argv[1]) == "--verbose";
  SimLan lan;
  lan.set_latency(200us);
  const auto r1 = lan.add_router(router_config(200, 1), "r1");
  const auto r2 = lan.add_router(router_config(150, 2), "r2");
  const auto r3 = lan.add_router(router_config(100, 3), "r3");
  std::printf("Simulated LAN: VRID 51, VRRPv3/IPv4, advert_int 1 s, VIP 192.0.2.100, latency 200 us\n");
  for (auto r : {r1, r2, r3}) {
    const auto& c = lan.instance(r).config();
    std::printf("  %s  %-11s priority %3u  Master_Down_Interval %.6f s\n", lan.name(r).c_str(),
                c.source.to_string().c_str(), static_cast<unsigned>(c.priority),
                static_cast<double>(lan.instance(r).master_down_interval().count()) / 1e6);
  }

  struct Step {
    const char* title;
    void (*act)(SimLan&);
    vrrp::proto::Duration then_run;
  };
  const Step story[] = {
      {"all routers start", [](SimLan& l) { l.start_all(); }, 10s},
      {"r1's cable is pulled (silent master)", [](SimLan& l) { l.set_link(0, false); }, 10s},
      {"r1's cable is back (it preempts)", [](SimLan& l) { l.set_link(0, true); }, 10s},
      {"r1 stops gracefully (priority 0)", [](SimLan& l) { l.stop(0); }, 5s},
      {"r1 starts again", [](SimLan& l) { l.start(0); }, 8s},
      {"r3 is cut off from the others", [](SimLan& l) { l.partition({2}); }, 8s},
      {"the partition heals", [](SimLan& l) { l.heal(); }, 5s},
  };

  std::size_t shown = 0;
  auto print_new = [&] {
    for (; shown < lan.trace().size(); ++shown) {
      const TraceEntry& e = lan.trace()[shown];
      const bool interesting = e.kind == TraceEntry::Kind::State || e.kind == TraceEntry::Kind::Event;
      if (!interesting && !verbose) continue;
      std::string line = vrrp::sim::format_entry(e, lan);
      if (e.kind == TraceEntry::Kind::State && e.to == vrrp::proto::State::Master) line += "   <- VIPs installed";
      std::printf("  %s\n", line.c_str());
    }
  };
  std::printf("\n    time (s) who  what\n");
  for (const Step& s : story) {
    std::printf("  -- %s\n", s.title);
    s.act(lan);
    lan.run_for(s.then_run);
    print_new();
    std::printf("     => master: %s\n", who_is_master(lan).c_str());
  }

  std::printf("\nCounters after %.1f simulated seconds:\n", static_cast<double>(lan.now().count()) / 1e6);
  for (auto r : {r1, r2, r3}) {
    const auto& c = lan.instance(r).counters();
    std::printf("  %s: became master %llu x, adverts sent %llu, received %llu, priority-0 sent %llu\n",
                lan.name(r).c_str(), static_cast<unsigned long long>(c.master_transitions),
                static_cast<unsigned long long>(c.adverts_sent), static_cast<unsigned long long>(c.adverts_rcvd),
                static_cast<unsigned long long>(c.pri_zero_sent));
  }
  if (!lan.violations().empty()) {
    for (const auto& v : lan.violations()) std::printf("INVARIANT VIOLATED: %s\n", v.c_str());
    return 1;
  }
  std::printf("Invariants held throughout (VIPs only on the master; one master once converged).\n");
  return 0;
}
