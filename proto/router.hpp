// Several VRRP instances on one host, keyed by (ifindex, family, VRID): demultiplexes received
// packets to the right Instance and counts the router-wide errors (vrrp-conformance.md §2.2)
// for packets no VR takes. Pure like Instance: the shell drains each instance it touches.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "proto/counters.hpp"
#include "proto/instance.hpp"

namespace vrrp::proto {

struct RouterKey {
  int ifindex = 0;
  Family family = Family::Ipv4;
  std::uint8_t vrid = 0;
  friend auto operator<=>(const RouterKey&, const RouterKey&) = default;
};

class Router {
 public:
  using Instances = std::map<RouterKey, std::unique_ptr<Instance>>;

  /// Adds an instance for `ifindex`; its family and VRID come from the config. Returns nullptr
  /// (and changes nothing) if that key is taken. The pointer stays valid until remove().
  Instance* add(int ifindex, InstanceConfig config);
  /// Removes an instance without any output: Shutdown it and drain it first.
  bool remove(const RouterKey& key);
  Instance* find(const RouterKey& key);
  const Instance* find(const RouterKey& key) const;

  /// Hands a packet received on `ifindex` to the instance for its family and VRID and returns
  /// that instance (drain it), or nullptr when no VR takes it: then the packet is validated
  /// without a VR and the router-wide counter for its failure is incremented. Version and
  /// checksum errors detected by an instance are also counted router-wide (§2.2).
  Instance* deliver(TimePoint now, int ifindex, const ReceivedPacket& packet);

  /// Gives Timeout to every instance whose deadline is due and calls `fired(key, instance)`
  /// for each, so the caller drains it.
  template <class F>
  void handle_timeouts(TimePoint now, F&& fired) {
    for (auto& [key, instance] : instances_) {
      const auto t = instance->poll_timeout();
      if (t && *t <= now) {
        instance->handle(now, Timeout{});
        fired(key, *instance);
      }
    }
  }

  /// Earliest deadline over all instances.
  std::optional<TimePoint> poll_timeout() const;
  const Instances& instances() const { return instances_; }
  const RouterCounters& counters() const { return counters_; }

 private:
  void count(DropReason reason);

  Instances instances_;
  RouterCounters counters_;
};

}  // namespace vrrp::proto
