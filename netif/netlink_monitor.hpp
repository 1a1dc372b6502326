// Asynchronous watcher of links and addresses: a non-blocking libnl socket subscribed to the
// link and IPv4/IPv6 address multicast groups, its fd waited on through a
// boost::asio::posix::stream_descriptor, so the loop never blocks on netlink.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "netif/netlink_socket.hpp"
#include "proto/types.hpp"

namespace vrrp::netif {

/// A link appeared, changed its up/running flags or name, or disappeared. Emitted only when
/// (name, up, running, present) differ from the last event for that ifindex, so repeats of
/// unchanged RTM_NEWLINK messages are filtered out.
struct LinkEvent {
  int ifindex = 0;
  std::string name;
  bool up = false;       // IFF_UP
  bool running = false;  // IFF_RUNNING (carrier)
  bool removed = false;  // RTM_DELLINK
  /// The interface can carry VRRP: present, up and running.
  bool operational() const { return !removed && up && running; }
};

struct AddressEvent {
  int ifindex = 0;
  proto::IpAddr address;
  std::uint8_t prefix_len = 0;
  bool added = false;       // false: removed
  std::uint32_t flags = 0;  // IFA_F_* as reported (e.g. tentative)
  bool ours = false;        // carries address_manager.hpp's marker
};

/// The kernel dropped notifications (socket overflow, ENOBUFS): state may have changed
/// unseen, so re-query what you care about (query_interface()).
struct MonitorResync {};

using NetlinkEvent = std::variant<LinkEvent, AddressEvent, MonitorResync>;

class NetlinkMonitor {
 public:
  using Handler = std::function<void(const NetlinkEvent& event)>;

  explicit NetlinkMonitor(boost::asio::io_context& io);
  ~NetlinkMonitor();
  NetlinkMonitor(const NetlinkMonitor&) = delete;
  NetlinkMonitor& operator=(const NetlinkMonitor&) = delete;

  /// Subscribes (in the calling thread's namespace) and starts delivering events to `handler`
  /// from the io_context. Link state known at start is primed silently, so the first event for
  /// an interface is a real change. Errors: the libnl / socket error; nothing is started then.
  /// Not to be called from inside the handler.
  std::error_code start(Handler handler);

  /// Stops delivering; the handler is not called afterwards. Idempotent; may be called from
  /// inside the handler (destroying the monitor there may not).
  void stop();

 private:
  struct LinkState {
    std::string name;
    bool up = false;
    bool running = false;
  };
  void wait();
  void read_all();
  friend struct MonitorCallbacks;

  boost::asio::io_context& io_;
  NlSockPtr sock_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> descriptor_;
  Handler handler_;
  std::shared_ptr<bool> alive_;
  std::map<int, LinkState> links_;
  bool reading_ = false;  // inside nl_recvmsgs: stop() must not free the socket under it
};

}  // namespace vrrp::netif
