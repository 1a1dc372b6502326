// The running daemon: one io_context on one thread (no strands, no locks) owning the signal
// set, the netlink monitor, the socket pool and every instance driver. prepare() does all that
// can fail before daemonising, so errors reach the terminal (Asio's fork example); run() then
// feeds Startup and serves until SIGTERM/SIGINT.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "netif/interface_info.hpp"
#include "netif/netlink_monitor.hpp"
#include "netif/netlink_socket.hpp"
#include "vrrpd/cli.hpp"
#include "vrrpd/config_loader.hpp"
#include "vrrpd/control/control_server.hpp"
#include "vrrpd/control/metrics_server.hpp"
#include "vrrpd/control_bridge.hpp"
#include "vrrpd/dump.hpp"
#include "vrrpd/instance_set.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/netif_ports.hpp"
#include "vrrpd/exec/script_runner.hpp"
#include "vrrpd/notify_hub.hpp"
#include "vrrpd/script_commands.hpp"
#include "vrrpd/trackers.hpp"

namespace vrrp::daemon {

class Daemon {
 public:
  Daemon(CliOptions options, Logger& log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  /// Loads the configuration, opens netlink, resolves interfaces and sources, sweeps leftover
  /// VIPs and opens the VRRP sockets. Returns 0 or keepalived's exit code; diagnostics are
  /// logged (and printed on stderr before daemonising).
  int prepare();
  /// Call around fork(): Asio must re-create its epoll/timerfd state in the child.
  void notify_fork(boost::asio::io_context::fork_event event) { io_.notify_fork(event); }
  /// Feeds Startup to every instance and runs the loop until a stop signal. Returns the exit code.
  int run();

  boost::asio::io_context& io() { return io_; }

 private:
  std::optional<std::vector<ResolvedPlan>> resolve(std::vector<conf::InstancePlan> plans, bool startup,
                                                   const std::string& vmac_prefix);
  /// use_vmac: creates (or reuses) the instance's macvlan. False when it cannot be made.
  bool make_vmac(ResolvedPlan& r, const netif::InterfaceInfo& parent, const std::string& prefix,
                 std::vector<std::string>& taken);
  void remove_vmacs(const std::vector<ResolvedPlan>* keep);
  void wait_for_notifies();
  void finish_stop();
  void report(const conf::LoadResult& result, bool to_stderr);
  void wait_signal();
  void on_signal(int signo);
  void stop();
  /// SIGHUP and `vrrpctl reload`: the summary line, or why the running configuration was kept.
  std::expected<std::string, std::string> reload();
  /// Opens the control socket (a failure is logged, the daemon runs on without it) and the
  /// metrics listener (an explicit request: a failure is fatal). False on a fatal failure.
  bool start_control();
  void on_netlink(const netif::NetlinkEvent& event);
  void resync_links();
  void dump(int what);
  void configure_scripts(bool startup);
  void apply_tracking();
  std::vector<InstanceSnapshot> snapshots() const;

  CliOptions options_;
  Logger& log_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::optional<netif::NetlinkSocket> nl_;
  std::unique_ptr<NetifHost> host_;
  exec::ScriptRunner runner_;
  StallDetector stalls_;
  std::unique_ptr<NetifSocketPool> pool_;
  std::unique_ptr<NotifyHub> hub_;
  std::unique_ptr<DriverContext> ctx_;
  std::unique_ptr<InstanceSet> set_;
  std::unique_ptr<netif::NetlinkMonitor> monitor_;
  std::unique_ptr<Trackers> trackers_;
  boost::asio::steady_timer stop_timer_;
  proto::TimePoint stop_deadline_{};
  std::vector<std::string> vmacs_;  // macvlans we created or adopted, removed on stop
  std::shared_ptr<const conf::Config> model_;  // the running configuration's model
  std::vector<ResolvedPlan> initial_;
  std::uint64_t reloads_ = 0;
  bool stopping_ = false;
  int exit_code_ = 0;
  // Last, so they go first: they call into set_ through the bridge.
  std::unique_ptr<ControlBridge> bridge_;
  std::unique_ptr<control::ControlServer> control_;
  std::unique_ptr<control::MetricsServer> metrics_;
};

/// Tells systemd (Type=notify) that we are ready, if NOTIFY_SOCKET is set. No-op otherwise.
void notify_systemd_ready();

}  // namespace vrrp::daemon
