// Test doubles for the daemon's ports (vrrpd/ports.hpp) and a hand-advanced clock, so drivers
// run on real proto::Instance state machines without sockets, netlink or real time.
#pragma once

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

#include "proto/advertisement.hpp"
#include "vrrpd/instance_set.hpp"

namespace vrrp::daemon::testing {

struct FakeClock {
  static inline proto::TimePoint t = proto::TimePoint{} + std::chrono::hours(1);
  static proto::TimePoint now() { return t; }
};

struct SentAdvert {
  std::vector<std::uint8_t> bytes;
  proto::IpAddr destination;
  std::uint8_t priority() const { return bytes.size() > 2 ? bytes[2] : 0; }
};

class FakeAdvertPort : public AdvertPort {
 public:
  std::error_code send(std::span<const std::uint8_t> vrrp, const proto::IpAddr& destination) override {
    if (record) sent.push_back({{vrrp.begin(), vrrp.end()}, destination});
    ++count;
    return fail;
  }
  std::vector<SentAdvert> sent;
  std::size_t count = 0;
  bool record = true;
  std::error_code fail;
};

class FakeSocketPool : public SocketPool {
 public:
  AdvertPort* acquire(const Key& key, std::uint8_t vrid, const proto::IpAddr&, std::error_code& ec) override {
    if (fail) {
      ec = std::make_error_code(std::errc::permission_denied);
      return nullptr;
    }
    uses.push_back({key, vrid});
    return &port;
  }
  void release(const Key& key, std::uint8_t vrid) override {
    for (auto it = uses.begin(); it != uses.end(); ++it) {
      if (it->first == key && it->second == vrid) {
        uses.erase(it);
        return;
      }
    }
    ++bad_releases;
  }
  FakeAdvertPort port;
  std::vector<std::pair<Key, std::uint8_t>> uses;
  int bad_releases = 0;
  bool fail = false;
};

class FakeHost : public HostPort {
 public:
  std::error_code add_address(const conf::AddressSpec& spec, int ifindex) override {
    added.push_back(spec.address.to_string() + "/" + std::to_string(spec.prefix) + "@" + std::to_string(ifindex));
    return {};
  }
  std::error_code remove_address(const conf::AddressSpec& spec, int ifindex) override {
    removed.push_back(spec.address.to_string() + "/" + std::to_string(spec.prefix) + "@" + std::to_string(ifindex));
    return {};
  }
  std::error_code announce(const conf::AddressSpec& spec, int, unsigned repeat) override {
    announced.push_back(spec.address.to_string() + "x" + std::to_string(repeat));
    return {};
  }
  std::vector<std::string> added, removed, announced;
};

class FakeNotifier : public Notifier {
 public:
  /// "INSTANCE VI_1 MASTER 100" / "GROUP G1 FAULT 0": what NotifyQueue would append to `notify`.
  void instance_event(const conf::InstancePlan& plan, exec::NotifyEvent event, int priority) override {
    runs.push_back("INSTANCE " + plan.config.name + " " + std::string(exec::to_word(event)) + " " +
                   std::to_string(priority));
  }
  void group_event(const std::string& group, exec::NotifyEvent event) override {
    runs.push_back("GROUP " + group + " " + std::string(exec::to_word(event)) + " 0");
  }
  std::vector<std::string> runs;
};

inline proto::IpAddr ip(const char* text) { return *proto::IpAddr::parse(text); }

/// A VRRPv2 IPv4 instance on eth0 (ifindex 7) with /24 VIPs, source 192.0.2.1.
inline conf::InstancePlan make_plan(const std::string& name, std::uint8_t vrid, std::uint8_t priority,
                                    std::vector<const char*> vips = {"192.0.2.100"}) {
  conf::InstancePlan p;
  p.config.name = name;
  p.config.interface = "eth0";
  p.interface = "eth0";
  p.config.vrid = vrid;
  p.config.version = proto::Version::V2;
  p.config.family = proto::Family::Ipv4;
  p.config.priority = priority;
  p.config.advert_interval = std::chrono::seconds(1);
  p.config.source = ip("192.0.2.1");
  p.multicast_group = ip("224.0.0.18");
  for (const char* v : vips) {
    p.config.vips.push_back(ip(v));
    conf::AddressSpec spec;
    spec.address = ip(v);
    spec.prefix = 24;
    p.virtual_ipaddress.push_back(spec);
  }
  return p;
}

/// An encoded VRRPv2 advert as a peer would send it (no auth, 1 s interval).
inline std::vector<std::uint8_t> encode_v2(std::uint8_t vrid, std::uint8_t priority,
                                           const std::vector<proto::IpAddr>& vips,
                                           const proto::IpAddr& source) {
  std::vector<std::uint8_t> addr;
  for (const auto& v : vips) addr.insert(addr.end(), v.bytes().begin(), v.bytes().end());
  proto::Advertisement a;
  a.version = proto::Version::V2;
  a.family = proto::Family::Ipv4;
  a.vrid = vrid;
  a.priority = priority;
  a.count = static_cast<std::uint8_t>(vips.size());
  a.adver_int_s = 1;
  a.address_bytes = addr;
  std::vector<std::uint8_t> out(proto::kMaxAdvertSize);
  const auto n = proto::encode(a, {source, ip("224.0.0.18")}, out);
  out.resize(n);
  return out;
}

}  // namespace vrrp::daemon::testing
