// Helpers for driving one proto::Instance by hand: configs, peer adverts encoded with the real
// codec, a TimePoint advanced in exact microseconds, and outputs drained as text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto/instance.hpp"
#include "sim/trace_text.hpp"

namespace vrrp::proto::test {

using namespace std::chrono_literals;

inline IpAddr ip(const char* text) { return *IpAddr::parse(text); }

inline InstanceConfig v3_config(std::uint8_t priority = 100, Family family = Family::Ipv4) {
  InstanceConfig c;
  c.name = "VI_1";
  c.interface = "eth0";
  c.vrid = 10;
  c.version = Version::V3;
  c.family = family;
  c.priority = priority;
  c.advert_interval = 1s;
  if (family == Family::Ipv4) {
    c.source = ip("192.0.2.1");
    c.vips = {ip("192.0.2.100")};
  } else {
    c.source = ip("fe80::1");
    c.vips = {ip("fe80::100"), ip("2001:db8::100")};
  }
  return c;
}

inline InstanceConfig v2_config(std::uint8_t priority = 100) {
  InstanceConfig c = v3_config(priority);
  c.version = Version::V2;
  return c;
}

/// What a peer puts on the wire: encoded by the real codec with a correct checksum.
struct PeerAdvert {
  Version version = Version::V3;
  Family family = Family::Ipv4;
  std::uint8_t vrid = 10;
  std::uint8_t priority = 100;
  std::uint16_t interval_cs = 100;  // v3
  std::uint8_t interval_s = 1;      // v2
  std::vector<IpAddr> vips{ip("192.0.2.100")};
  IpAddr source = ip("192.0.2.2");
  IpAddr destination = vrrp_group(Family::Ipv4);
  std::uint8_t ttl = 255;

  std::vector<std::uint8_t> bytes() const {
    std::vector<std::uint8_t> addrs;
    for (const auto& a : vips) addrs.insert(addrs.end(), a.bytes().begin(), a.bytes().end());
    Advertisement adv;
    adv.version = version;
    adv.family = family;
    adv.vrid = vrid;
    adv.priority = priority;
    adv.count = static_cast<std::uint8_t>(vips.size());
    adv.adver_int_s = interval_s;
    adv.max_adver_int_cs = interval_cs;
    adv.address_bytes = addrs;
    std::vector<std::uint8_t> out(kMaxAdvertSize);
    out.resize(encode(adv, ChecksumContext{source, destination, ChecksumForm::PseudoHeader}, out));
    return out;
  }
};

/// One Instance, a hand-advanced clock (t = time since the test's origin) and text outputs.
class Driver {
 public:
  explicit Driver(InstanceConfig config) : vr(std::move(config)) {}

  std::vector<std::string> feed(Duration at, const Input& input) {
    now = origin + at;
    vr.handle(now, input);
    return drain();
  }
  std::vector<std::string> receive(Duration at, const PeerAdvert& peer) {
    wire = peer.bytes();
    return feed(at, PacketIn{ReceivedPacket{peer.source, peer.destination, peer.ttl, wire}});
  }
  /// Fires the instance's own deadline (asserting there is one) and returns what it did.
  std::vector<std::string> fire() {
    const auto t = vr.poll_timeout();
    if (!t) return {"<no deadline>"};
    return feed(std::chrono::duration_cast<Duration>(*t - origin), Timeout{});
  }
  /// Deadline relative to the origin, in microseconds; -1 if none is armed.
  std::int64_t deadline_us() const {
    const auto t = vr.poll_timeout();
    return t ? std::chrono::duration_cast<Duration>(*t - origin).count() : -1;
  }
  std::vector<std::string> drain() {
    std::vector<std::string> out;
    last_outputs.clear();
    while (auto o = vr.poll_output()) {
      out.push_back(sim::describe(*o));
      last_outputs.push_back(*o);
    }
    return out;
  }

  Instance vr;
  TimePoint origin{std::chrono::seconds(1000)};
  TimePoint now = origin;
  std::vector<std::uint8_t> wire;
  std::vector<Output> last_outputs;  // spans valid until the next feed()
};

using Lines = std::vector<std::string>;

}  // namespace vrrp::proto::test
