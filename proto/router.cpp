// Demultiplexing of received adverts to instances, plus the router-wide error counters.
#include "proto/router.hpp"

#include <utility>

namespace vrrp::proto {

Instance* Router::add(int ifindex, InstanceConfig config) {
  const RouterKey key{ifindex, config.family, config.vrid};
  if (instances_.contains(key)) return nullptr;
  auto [it, inserted] = instances_.emplace(key, std::make_unique<Instance>(std::move(config)));
  return it->second.get();
}

bool Router::remove(const RouterKey& key) { return instances_.erase(key) > 0; }

Instance* Router::find(const RouterKey& key) {
  const auto it = instances_.find(key);
  return it == instances_.end() ? nullptr : it->second.get();
}

const Instance* Router::find(const RouterKey& key) const {
  const auto it = instances_.find(key);
  return it == instances_.end() ? nullptr : it->second.get();
}

Instance* Router::deliver(TimePoint now, int ifindex, const ReceivedPacket& packet) {
  // The VRID sits at offset 1 in both versions; a shorter payload has no VR to blame.
  Instance* instance = nullptr;
  if (packet.vrrp.size() >= 2) {
    instance = find(RouterKey{ifindex, packet.source.family(), packet.vrrp[1]});
  }
  if (instance == nullptr) {
    count(validate(packet, nullptr).drop);
    return nullptr;
  }
  instance->handle(now, PacketIn{packet});
  const DropReason drop = instance->last_drop();
  if (drop == DropReason::Checksum || drop == DropReason::Version) count(drop);
  return instance;
}

std::optional<TimePoint> Router::poll_timeout() const {
  std::optional<TimePoint> earliest;
  for (const auto& [key, instance] : instances_) {
    const auto t = instance->poll_timeout();
    if (t && (!earliest || *t < *earliest)) earliest = t;
  }
  return earliest;
}

void Router::count(DropReason reason) {
  switch (reason) {
    case DropReason::Checksum: ++counters_.checksum_errors; break;
    case DropReason::Version: ++counters_.version_errors; break;
    case DropReason::VridNotConfigured: ++counters_.vrid_errors; break;
    case DropReason::PacketLength: ++counters_.packet_length_errors; break;
    case DropReason::IpTtl: ++counters_.ip_ttl_errors; break;
    default: break;
  }
}

}  // namespace vrrp::proto
