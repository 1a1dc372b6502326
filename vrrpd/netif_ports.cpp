// netif/-backed SocketPool and HostPort.
#include "vrrpd/netif_ports.hpp"

#include <net/if.h>

#include <algorithm>

#include "netif/address_manager.hpp"
#include "netif/interface_info.hpp"
#include "vrrpd/clock.hpp"

namespace vrrp::daemon {

struct NetifSocketPool::Entry : AdvertPort {
  Entry(boost::asio::io_context& io, const Key& k) : key(k), socket(io) {}
  std::error_code send(std::span<const std::uint8_t> vrrp, const proto::IpAddr& destination) override {
    return socket.send(vrrp, destination);
  }
  Key key;
  netif::VrrpSocket socket;
  std::vector<std::uint8_t> vrids;  // one entry per user, so duplicates are meaningful
  RateLimiter error_log{3, std::chrono::seconds(30)};
};

NetifSocketPool::NetifSocketPool(boost::asio::io_context& io, Logger& log, PacketHandler on_packet,
                                 RejectHandler on_reject)
    : io_(io), log_(log), on_packet_(std::move(on_packet)), on_reject_(std::move(on_reject)) {}

NetifSocketPool::~NetifSocketPool() = default;

AdvertPort* NetifSocketPool::acquire(const Key& key, std::uint8_t vrid, const proto::IpAddr& source,
                                     std::error_code& ec) {
  for (auto& e : entries_) {
    if (e->key != key) continue;
    e->vrids.push_back(vrid);
    if ((ec = e->socket.set_vrids(e->vrids))) {
      e->vrids.pop_back();
      return nullptr;
    }
    return e.get();
  }
  char name[IF_NAMESIZE] = {};
  if (!::if_indextoname(static_cast<unsigned>(key.ifindex), name)) {
    ec = std::make_error_code(std::errc::no_such_device);
    return nullptr;
  }
  auto entry = std::make_unique<Entry>(io_, key);
  netif::VrrpSocketConfig cfg;
  cfg.family = key.family;
  cfg.ifname = name;
  cfg.ifindex = key.ifindex;
  cfg.source = source;
  cfg.join_group = key.multicast;
  cfg.vrids = {vrid};
  if ((ec = entry->socket.open(cfg))) return nullptr;
  entry->vrids = {vrid};
  Entry* raw = entry.get();
  raw->socket.start_receive([this, raw](std::error_code rec, const netif::ReceivedDatagram& d) {
    if (rec) {
      if (raw->error_log.allow(now())) {
        log_.line(LogLevel::Warning, "receive error on VRRP socket: ", rec.message());
      }
      return;
    }
    if (d.drop != proto::DropReason::None) {
      on_reject_(d.drop);
      return;
    }
    on_packet_(d.ifindex, d.packet);
  });
  entries_.push_back(std::move(entry));
  return raw;
}

void NetifSocketPool::release(const Key& key, std::uint8_t vrid) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    auto& e = **it;
    if (e.key != key) continue;
    auto v = std::find(e.vrids.begin(), e.vrids.end(), vrid);
    if (v != e.vrids.end()) e.vrids.erase(v);
    if (e.vrids.empty()) {
      e.socket.close();
      entries_.erase(it);
    } else {
      (void)e.socket.set_vrids(e.vrids);
    }
    return;
  }
}

int NetifHost::resolve_dev(const conf::AddressSpec& spec, int ifindex) {
  if (spec.dev.empty()) return ifindex;
  const int idx = netif::interface_index(nl_, spec.dev);
  return idx > 0 ? idx : ifindex;
}

namespace {

netif::VipSpec to_vip(const conf::AddressSpec& spec, int ifindex) {
  netif::VipSpec v;
  v.ifindex = ifindex;
  v.address = spec.address;
  v.prefix_len = static_cast<std::uint8_t>(spec.prefix);
  if (spec.address.family() == proto::Family::Ipv4) {
    using B = conf::AddressSpec::Broadcast;
    if (spec.brd == B::Explicit) {
      v.broadcast = spec.broadcast;
    } else if (spec.brd == B::HostBitsSet || spec.brd == B::HostBitsClear) {
      auto b = spec.address.bytes();
      std::array<std::uint8_t, 4> out{b[0], b[1], b[2], b[3]};
      for (int bit = spec.prefix; bit < 32; ++bit) {
        const auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
        if (spec.brd == B::HostBitsSet) out[bit / 8] |= mask;
        else out[bit / 8] &= static_cast<std::uint8_t>(~mask);
      }
      v.broadcast = proto::IpAddr::v4(out);
    }
    v.label = spec.label;
  }
  if (!spec.scope.empty()) {
    if (auto s = netif::parse_scope(spec.scope)) v.scope = *s;
  }
  v.nodad = !spec.nodad;  // keepalived's "-nodad" keyword means: do run DAD
  return v;
}

}  // namespace

std::error_code NetifHost::add_address(const conf::AddressSpec& spec, int ifindex) {
  const auto ec = netif::add_vip(nl_, to_vip(spec, resolve_dev(spec, ifindex)));
  if (ec == std::errc::file_exists) return {};
  return ec;
}

std::error_code NetifHost::remove_address(const conf::AddressSpec& spec, int ifindex) {
  return netif::remove_vip(nl_, to_vip(spec, resolve_dev(spec, ifindex)));
}

std::error_code NetifHost::announce(const conf::AddressSpec& spec, int ifindex, unsigned repeat) {
  const int idx = resolve_dev(spec, ifindex);
  const auto info = netif::query_interface(nl_, idx);
  if (!info) return info.error();
  const bool v4 = spec.address.family() == proto::Family::Ipv4;
  const bool router = !v4 && netif::ipv6_forwarding_enabled(info->name);
  for (unsigned i = 0; i < repeat; ++i) {
    const auto ec = v4 ? announcer_.send_garp(idx, info->mac, spec.address)
                       : announcer_.send_unsolicited_na(idx, info->mac, spec.address, router);
    if (ec) return ec;
  }
  return {};
}

}  // namespace vrrp::daemon
