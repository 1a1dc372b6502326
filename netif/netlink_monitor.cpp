// Link/address monitor: libnl socket in non-blocking mode, woken by Asio, parsed by hand.
#include "netif/netlink_monitor.hpp"

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <unistd.h>

#include "netif/netlink_error.hpp"
#include "netif/netlink_util.hpp"

namespace vrrp::netif {

// Friend of NetlinkMonitor: the libnl callback trampoline.
struct MonitorCallbacks {
  static int on_valid(nl_msg* msg, void* arg);
  static int on_dump(nl_msg* msg, void* arg);
};

namespace {

struct ParsedLink {
  int ifindex = 0;
  std::string name;
  unsigned flags = 0;
};

std::optional<ParsedLink> parse_link(const nlmsghdr* nlh) {
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return std::nullopt;
  const auto* ifi = static_cast<const ifinfomsg*>(NLMSG_DATA(nlh));
  nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(const_cast<nlmsghdr*>(nlh), sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0)
    return std::nullopt;
  ParsedLink link;
  link.ifindex = ifi->ifi_index;
  link.flags = ifi->ifi_flags;
  if (tb[IFLA_IFNAME] != nullptr) {
    const auto* s = static_cast<const char*>(nla_data(tb[IFLA_IFNAME]));
    link.name.assign(s, ::strnlen(s, static_cast<std::size_t>(nla_len(tb[IFLA_IFNAME]))));
  }
  return link;
}

}  // namespace

int MonitorCallbacks::on_dump(nl_msg* msg, void* arg) {
  auto* self = static_cast<NetlinkMonitor*>(arg);
  const nlmsghdr* nlh = nlmsg_hdr(msg);
  if (nlh->nlmsg_type != RTM_NEWLINK) return NL_OK;
  if (auto link = parse_link(nlh)) {
    self->links_[link->ifindex] = {link->name, (link->flags & IFF_UP) != 0,
                                   (link->flags & IFF_RUNNING) != 0};
  }
  return NL_OK;
}

int MonitorCallbacks::on_valid(nl_msg* msg, void* arg) {
  auto* self = static_cast<NetlinkMonitor*>(arg);
  if (!self->alive_ || !*self->alive_) return NL_STOP;
  const nlmsghdr* nlh = nlmsg_hdr(msg);
  switch (nlh->nlmsg_type) {
    case RTM_NEWLINK:
    case RTM_DELLINK: {
      auto link = parse_link(nlh);
      if (!link) break;
      LinkEvent ev;
      ev.ifindex = link->ifindex;
      ev.name = link->name;
      ev.up = (link->flags & IFF_UP) != 0;
      ev.running = (link->flags & IFF_RUNNING) != 0;
      ev.removed = nlh->nlmsg_type == RTM_DELLINK;
      auto known = self->links_.find(ev.ifindex);
      if (ev.removed) {
        if (known == self->links_.end()) break;
        self->links_.erase(known);
      } else {
        NetlinkMonitor::LinkState now{ev.name, ev.up, ev.running};
        if (known != self->links_.end() && known->second.name == now.name &&
            known->second.up == now.up && known->second.running == now.running) {
          break;  // unchanged (statistics, MTU, ...): not an event for us
        }
        self->links_[ev.ifindex] = std::move(now);
      }
      self->handler_(ev);
      break;
    }
    case RTM_NEWADDR:
    case RTM_DELADDR: {
      auto info = detail::parse_address(nlh);
      if (!info) break;
      AddressEvent ev;
      ev.ifindex = info->ifindex;
      ev.address = info->address;
      ev.prefix_len = info->prefix_len;
      ev.added = nlh->nlmsg_type == RTM_NEWADDR;
      ev.flags = info->flags;
      ev.ours = info->ours();
      self->handler_(ev);
      break;
    }
    default:
      break;
  }
  return (self->alive_ && *self->alive_) ? NL_OK : NL_STOP;
}

NetlinkMonitor::NetlinkMonitor(boost::asio::io_context& io) : io_(io) {}

NetlinkMonitor::~NetlinkMonitor() { stop(); }

void NetlinkMonitor::stop() {
  if (alive_) *alive_ = false;
  alive_.reset();
  if (descriptor_) {
    boost::system::error_code ignored;
    descriptor_->close(ignored);  // our dup of the netlink fd; libnl closes its own
    descriptor_.reset();
  }
  if (!reading_) sock_.reset();  // else read_all() frees it once libnl has returned
  links_.clear();
}

std::error_code NetlinkMonitor::start(Handler handler) {
  stop();
  NlSockPtr sock(nl_socket_alloc());
  if (!sock) return std::make_error_code(std::errc::not_enough_memory);
  // Notifications are unsolicited: no sequence numbers to check.
  nl_socket_disable_seq_check(sock.get());
  if (int rc = nl_connect(sock.get(), NETLINK_ROUTE); rc < 0) return netlink_to_error(rc);
  if (int rc = nl_socket_add_memberships(sock.get(), RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
                                         RTNLGRP_IPV6_IFADDR, 0);
      rc < 0) {
    return netlink_to_error(rc);
  }
  nl_socket_set_buffer_size(sock.get(), 1 << 20, 0);

  // Prime the link table with a dump on the same socket, after subscribing: a change that
  // races the dump is then seen as an event rather than lost.
  rtgenmsg req{};
  req.rtgen_family = AF_UNSPEC;
  nl_socket_modify_cb(sock.get(), NL_CB_VALID, NL_CB_CUSTOM, &MonitorCallbacks::on_dump, this);
  if (int rc = nl_send_simple(sock.get(), RTM_GETLINK, NLM_F_DUMP, &req, sizeof(req)); rc < 0) {
    return netlink_to_error(rc);
  }
  if (int rc = nl_recvmsgs_default(sock.get()); rc < 0) return netlink_to_error(rc);

  nl_socket_modify_cb(sock.get(), NL_CB_VALID, NL_CB_CUSTOM, &MonitorCallbacks::on_valid, this);
  if (int rc = nl_socket_set_nonblocking(sock.get()); rc < 0) return netlink_to_error(rc);
  const int fd = ::dup(nl_socket_get_fd(sock.get()));
  if (fd < 0) return last_os_error();
  descriptor_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, fd);
  sock_ = std::move(sock);
  handler_ = std::move(handler);
  alive_ = std::make_shared<bool>(true);
  wait();
  return {};
}

void NetlinkMonitor::wait() {
  std::weak_ptr<bool> alive = alive_;
  descriptor_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                          [this, alive](const boost::system::error_code& ec) {
                            auto guard = alive.lock();
                            if (!guard || !*guard || ec == boost::asio::error::operation_aborted)
                              return;
                            read_all();
                            if (guard && *guard) wait();
                          });
}

void NetlinkMonitor::read_all() {
  std::weak_ptr<bool> alive = alive_;
  for (;;) {
    reading_ = true;
    const int rc = nl_recvmsgs_default(sock_.get());
    reading_ = false;
    auto guard = alive.lock();
    if (!guard || !*guard) {  // stopped from inside the handler
      if (!alive_) sock_.reset();
      return;
    }
    if (rc == -NLE_AGAIN) return;
    if (rc == -NLE_NOMEM || rc == -NLE_MSG_OVERFLOW || rc == -NLE_DUMP_INTR) {
      // ENOBUFS arrives as NLE_NOMEM: the kernel dropped notifications for us.
      handler_(MonitorResync{});
      if (!*guard) {
        if (!alive_) sock_.reset();
        return;
      }
      continue;
    }
    if (rc < 0) return;  // other errors: wait for the next readiness
  }
}

}  // namespace vrrp::netif
