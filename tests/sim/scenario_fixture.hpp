// Shared fixture for the SimLan scenarios: config builders and a TearDown that fails on any
// invariant violation and prints the tail of the timeline when a test failed.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "sim/sim_lan.hpp"

namespace vrrp::sim {

using namespace std::chrono_literals;
using proto::Family;
using proto::InstanceConfig;
using proto::IpAddr;
using proto::State;
using proto::Version;

inline IpAddr ip(const std::string& text) { return *IpAddr::parse(text); }

/// VRID 51 on a LAN; `host` picks the router's address (192.0.2.host or fe80::host).
inline InstanceConfig vr(std::uint8_t priority, int host, Version version = Version::V3,
                         Family family = Family::Ipv4, Duration interval = 1s) {
  InstanceConfig c;
  c.name = "VI_51";
  c.interface = "eth0";
  c.vrid = 51;
  c.version = version;
  c.family = family;
  c.priority = priority;
  c.advert_interval = interval;
  if (family == Family::Ipv4) {
    c.source = ip("192.0.2." + std::to_string(host));
    c.vips = {ip("192.0.2.100")};
  } else {
    c.source = ip("fe80::" + std::to_string(host));
    c.vips = {ip("fe80::100"), ip("2001:db8::100")};
  }
  return c;
}

class Scenario : public testing::Test {
 protected:
  void TearDown() override {
    std::string all;
    for (const auto& v : lan.violations()) all += "  " + v + "\n";
    EXPECT_TRUE(lan.violations().empty()) << "invariant violations:\n" << all;
    if (HasFailure()) std::cout << "---- last trace entries ----\n" << lan.trace_text(60);
  }
  /// Only this router is Master and only it holds the VIPs.
  void expect_sole_master(RouterId r) {
    for (RouterId i = 0; i < lan.size(); ++i) {
      if (i == r) {
        EXPECT_EQ(lan.state(i), State::Master) << lan.name(i);
        EXPECT_EQ(lan.installed(i).size(), lan.instance(i).config().vips.size()) << lan.name(i);
      } else {
        EXPECT_NE(lan.state(i), State::Master) << lan.name(i);
        EXPECT_TRUE(lan.installed(i).empty()) << lan.name(i);
      }
    }
  }
  bool is_master(RouterId r) const { return lan.state(r) == State::Master; }

  SimLan lan;
};

}  // namespace vrrp::sim
