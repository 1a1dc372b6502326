// The effects an instance needs from the operating system, as small interfaces ("ports") so
// the wiring is testable with fakes. netif_ports.cpp adapts netif/ to them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include "conf-parser/model.hpp"
#include "proto/types.hpp"

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

/// Runs notify scripts without waiting for them.
class Notifier {
 public:
  virtual ~Notifier() = default;
  /// Starts `script` with its configured argv followed by `extra_args`.
  virtual void run(const conf::Script& script, std::span<const std::string> extra_args) = 0;
};

}  // namespace vrrp::daemon
