// One-line text for a proto::Output, shared by the FSM unit tests, the SimLan trace and the
// demo, so that expectations read like a log: "BACKUP->MASTER (master down)", "advert(100)".
#pragma once

#include <cstdio>
#include <string>
#include <variant>

#include "proto/output.hpp"

namespace vrrp::sim {

inline std::string join_addresses(std::span<const proto::IpAddr> addrs) {
  std::string s;
  for (const auto& a : addrs) {
    if (!s.empty()) s += ',';
    s += a.to_string();
  }
  return s;
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

inline std::string describe(const proto::Output& out) {
  using namespace proto;
  return std::visit(
      Overloaded{
          [](const SendAdvert& s) {
            return "advert(" + std::to_string(s.priority) + " -> " + s.destination.to_string() + ")";
          },
          [](const InstallVips& i) { return "install(" + join_addresses(i.vips) + ")"; },
          [](const RemoveVips& r) { return "remove(" + join_addresses(r.vips) + ")"; },
          [](const AnnounceVips& a) {
            return "announce(" + join_addresses(a.vips) + " x" + std::to_string(a.repeat) + ")";
          },
          [](const StateChanged& c) {
            return std::string(to_string(c.from)) + "->" + std::string(to_string(c.to)) + " (" +
                   std::string(to_string(c.reason)) + (c.silent ? ", silent" : "") + ")";
          },
          [](const WantMaster& w) { return std::string(w.wants ? "want-master" : "no-want-master"); },
          [](const PacketDropped& d) {
            return "drop(" + std::string(counter_name(d.reason)) + " from " + d.source.to_string() + ")";
          },
          [](const PacketNoted& n) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(n.notes));
            return "note(" + std::string(buf) + " from " + n.source.to_string() + ")";
          },
      },
      out);
}

}  // namespace vrrp::sim
