// The effects an instance needs from the operating system, as small interfaces ("ports") so
// the wiring is testable with fakes. netif_ports.cpp adapts netif/ to them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include "conf-parser/lower.hpp"
#include "conf-parser/model.hpp"
#include "proto/types.hpp"
#include "vrrpd/exec/notify_event.hpp"

namespace vrrp::daemon {

/// One raw VRRP socket's sending side (an (interface, family, mode) socket, shared by every
/// instance on it). Must not block and should make one syscall.
class AdvertPort {
 public:
  virtual ~AdvertPort() = default;
  virtual std::error_code send(std::span<const std::uint8_t> vrrp, const proto::IpAddr& destination) = 0;
};

/// Addresses and announcements on the host.
class HostPort {
 public:
  virtual ~HostPort() = default;
  /// Adds a VIP; `ifindex` is the instance's interface, used unless `spec.dev` names another.
  /// An address that is already present is success.
  virtual std::error_code add_address(const conf::AddressSpec& spec, int ifindex) = 0;
  /// Removes a VIP; absent already is success.
  virtual std::error_code remove_address(const conf::AddressSpec& spec, int ifindex) = 0;
  /// Gratuitous ARP (IPv4) / unsolicited NA (IPv6) for `address`, `repeat` times.
  virtual std::error_code announce(const conf::AddressSpec& spec, int ifindex, unsigned repeat) = 0;
};

/// Where sockets come from: the daemon opens one per (ifindex, family, multicast-ness) and
/// keeps the kernel filter's VRID set in step with the instances using it.
class SocketPool {
 public:
  virtual ~SocketPool() = default;
  struct Key {
    int ifindex = 0;
    proto::Family family = proto::Family::Ipv4;
    bool multicast = true;
    /// Unicast sockets are per source (unicast_src_ip may differ between instances); multicast
    /// ones use the interface's address and leave this unspecified.
    proto::IpAddr source;
    friend bool operator==(const Key&, const Key&) = default;
  };
  /// Opens (or reuses) the socket for `key` and adds `vrid` to its filter. `source` is the
  /// instance's advert source. Returns nullptr with `ec` set on failure.
  virtual AdvertPort* acquire(const Key& key, std::uint8_t vrid, const proto::IpAddr& source,
                              std::error_code& ec) = 0;
  /// Drops one use of (key, vrid); the socket closes with its last user.
  virtual void release(const Key& key, std::uint8_t vrid) = 0;
};

/// Where state events go: notify hooks (in order, never waited for) and FIFO lines
/// (keepalived-surface.md §4.1, §4.2). NotifyHub is the real one.
class Notifier {
 public:
  virtual ~Notifier() = default;
  /// `plan`'s instance reached `event` (Master/Backup/Fault/Stop/Deleted/MasterRxLowerPri) with
  /// effective priority `priority`.
  virtual void instance_event(const conf::InstancePlan& plan, exec::NotifyEvent event, int priority) = 0;
  /// vrrp_sync_group `group` reached `event` (the group's state, priority always 0).
  virtual void group_event(const std::string& group, exec::NotifyEvent event) = 0;
};

}  // namespace vrrp::daemon
