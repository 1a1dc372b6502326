// Daemon: startup sequence, signals (stop, reload, dumps, SIGCHLD) and netlink events.
#include "vrrpd/daemon.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "netif/address_manager.hpp"
#include "netif/announcer.hpp"
#include "netif/interface_info.hpp"
#include "vrrpd/clock.hpp"
#include "vrrpd/version.hpp"

namespace vrrp::daemon {

namespace {

const int kSigJson = SIGRTMIN + 2;
const int kSigStatsClear = SIGRTMAX - 1;

}  // namespace

void notify_systemd_ready() {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || !*path) return;
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::size_t len = std::min(std::strlen(path), sizeof(addr.sun_path) - 1);
  std::memcpy(addr.sun_path, path, len);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  const char msg[] = "READY=1";
  ::sendto(fd, msg, sizeof msg - 1, MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&addr),
           static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len));
  ::close(fd);
}

Daemon::Daemon(CliOptions options, Logger& log)
    : options_(std::move(options)),
      log_(log),
      signals_(io_),
      scripts_(log) {}

Daemon::~Daemon() {
  if (trackers_) trackers_->stop();
  if (monitor_) monitor_->stop();
  set_.reset();
  pool_.reset();
}

void Daemon::report(const conf::LoadResult& result, bool to_stderr) {
  for (const auto& d : result.diagnostics) {
    const auto text = d.to_string();
    const auto level = d.severity == conf::Severity::Error     ? LogLevel::Error
                       : d.severity == conf::Severity::Warning ? LogLevel::Warning
                                                               : LogLevel::Notice;
    log_.log(level, text);
    if (to_stderr && !options_.log_console) std::fprintf(stderr, "%s\n", text.c_str());
  }
}

std::optional<std::vector<ResolvedPlan>> Daemon::resolve(std::vector<conf::InstancePlan> plans,
                                                         bool startup) {
  std::vector<ResolvedPlan> out;
  for (auto& plan : plans) {
    ResolvedPlan r;
    if (plan.interface.empty()) {
      log_.line(LogLevel::Error, instance_tag(plan),
                " has no interface; interface-less unicast instances are not supported yet");
      if (startup) return std::nullopt;
      continue;
    }
    const auto info = netif::query_interface(*nl_, plan.interface);
    if (!info) {
      log_.line(LogLevel::Error, instance_tag(plan), " interface ", plan.interface, ": ",
                info.error().message());
      if (startup) return std::nullopt;  // keepalived: non-existent interface is fatal at start
      continue;
    }
    r.ifindex = info->ifindex;
    r.link_up = info->up && info->running;
    if (!plan.source_configured) {
      const auto& src = plan.config.family == proto::Family::Ipv4 ? info->primary_ipv4
                                                                  : info->ipv6_link_local;
      if (src) {
        plan.config.source = *src;
      } else {
        // keepalived goes FAULT without a usable source; so do we (as a down link).
        log_.line(LogLevel::Warning, instance_tag(plan), " interface ", plan.interface, " has no ",
                  plan.config.family == proto::Family::Ipv4 ? "IPv4 address" : "IPv6 link-local address",
                  "; instance stays in FAULT");
        r.link_up = false;
      }
    }
    r.plan = std::move(plan);
    out.push_back(std::move(r));
  }
  return out;
}

int Daemon::prepare() {
  log_.line(LogLevel::Info, "Starting vrrpd ", kVersion);
  auto loaded = load_for_daemon(options_);
  if (loaded.exit_code == kExitNoConfig) {
    log_.line(LogLevel::Error, "Config files missing '", options_.config_file, "'.");
    if (!options_.log_console) std::fprintf(stderr, "Config files missing '%s'.\n", options_.config_file.c_str());
    return kExitNoConfig;
  }
  log_.line(LogLevel::Info, "Configuration file ", options_.config_file);
  report(loaded.result, true);
  if (loaded.exit_code != 0) {
    log_.line(LogLevel::Error, "configuration unusable; exiting with code ", loaded.exit_code);
    return loaded.exit_code;
  }
  if (options_.dump_conf_log) {
    const auto json = conf::dump_config_json(*loaded.result.model);
    std::size_t start = 0;
    while (start < json.size()) {
      const auto end = json.find('\n', start);
      log_.log(LogLevel::Info, std::string_view(json).substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }

  auto nl = netif::NetlinkSocket::open();
  if (!nl) {
    log_.line(LogLevel::Error, "cannot open netlink: ", nl.error().message());
    return kExitFatal;
  }
  nl_.emplace(std::move(*nl));
  auto announcer = netif::Announcer::open();
  if (!announcer) {
    log_.line(LogLevel::Error, "cannot open packet socket for GARP/NA: ", announcer.error().message());
    return kExitFatal;
  }
  host_ = std::make_unique<NetifHost>(*nl_, std::move(*announcer), log_);

  auto resolved = resolve(std::move(loaded.plans), true);
  if (!resolved) return kExitConfig;

  // Leftovers of a previous run that died without cleaning up (keepalived-surface.md §5.3).
  if (auto swept = netif::sweep_leftover_vips(*nl_); swept && *swept > 0) {
    log_.line(LogLevel::Info, "removed ", *swept, " leftover virtual address(es) of a previous run");
  }

  pool_ = std::make_unique<NetifSocketPool>(
      io_, log_,
      [this](int ifindex, const proto::ReceivedPacket& p) { set_->on_packet(ifindex, p); },
      [this](proto::DropReason r) { set_->on_rejected_packet(r); });
  ctx_ = std::make_unique<DriverContext>(
      DriverContext{io_, *host_, scripts_, log_, stalls_});
  set_ = std::make_unique<InstanceSet>(*ctx_, *pool_);
  const auto expected = resolved->size();
  initial_ = std::move(*resolved);
  const auto created = set_->create(std::move(initial_), true);
  if (created < expected) {
    log_.line(LogLevel::Error, expected - created, " instance(s) could not open their socket");
    if (created == 0 && expected > 0) return kExitFatal;
  }

  model_ = loaded.result.model;
  trackers_ = std::make_unique<ScriptTrackers>(io_, scripts_, log_, [this] { apply_tracking(); });
  scripts_.set_exit_handler([this](pid_t pid, int status) { trackers_->on_exit(pid, status); });
  configure_trackers();  // the first runs are queued; they start once the loop runs (after fork)

  monitor_ = std::make_unique<netif::NetlinkMonitor>(io_);
  if (const auto ec = monitor_->start([this](const netif::NetlinkEvent& e) { on_netlink(e); })) {
    log_.line(LogLevel::Error, "cannot monitor netlink: ", ec.message());
    return kExitFatal;
  }

  ::signal(SIGPIPE, SIG_IGN);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD, kSigJson, kSigStatsClear}) {
    signals_.add(s);
  }
  return kExitOk;
}

int Daemon::run() {
  wait_signal();
  set_->startup();
  notify_systemd_ready();
  io_.run();
  return exit_code_;
}

void Daemon::wait_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    on_signal(signo);
    if (!stopping_) wait_signal();
  });
}

void Daemon::on_signal(int signo) {
  if (signo == SIGTERM || signo == SIGINT) {
    stop();
  } else if (signo == SIGHUP) {
    reload();
  } else if (signo == SIGCHLD) {
    scripts_.reap();
  } else {
    dump(signo);
  }
}

void Daemon::stop() {
  log_.line(LogLevel::Info, "Stopping");
  stopping_ = true;
  if (trackers_) trackers_->stop();
  if (monitor_) monitor_->stop();
  set_->shutdown(!options_.dont_release_vrrp);
  signals_.cancel();
  io_.stop();
  log_.line(LogLevel::Info, "Stopped vrrpd ", kVersion);
}

void Daemon::reload() {
  log_.line(LogLevel::Info, "Reloading configuration file ", options_.config_file);
  auto loaded = load_for_daemon(options_);
  if (loaded.exit_code != 0) {
    report(loaded.result, false);
    log_.line(LogLevel::Error, "reload failed (",
              loaded.exit_code == kExitNoConfig ? std::string("configuration file missing")
                                                : "configuration error, code " + std::to_string(loaded.exit_code),
              "); keeping the running configuration");
    return;
  }
  report(loaded.result, false);
  auto resolved = resolve(std::move(loaded.plans), false);
  const auto plan = set_->reload(std::move(*resolved));
  model_ = loaded.result.model;
  configure_trackers();
  apply_tracking();
  ++reloads_;
  log_.line(LogLevel::Info, "reload done: ", plan.matched.size(), " kept, ", plan.removed.size(),
            " removed, ", plan.added.size(), " added");
}

void Daemon::on_netlink(const netif::NetlinkEvent& event) {
  if (const auto* link = std::get_if<netif::LinkEvent>(&event)) {
    log_.line(LogLevel::Info, "Netlink reports ", link->name, link->operational() ? " up" : " down");
    set_->on_link(link->ifindex, link->operational());
  } else if (const auto* addr = std::get_if<netif::AddressEvent>(&event)) {
    if (!addr->added) set_->on_address_deleted(addr->ifindex, addr->address);
  } else {
    resync_links();
  }
}

void Daemon::resync_links() {
  for (const auto& d : set_->drivers()) {
    const auto info = netif::query_interface(*nl_, d->ifindex());
    set_->on_link(d->ifindex(), info && info->up && info->running);
  }
}

void Daemon::configure_trackers() {
  std::vector<const conf::InstancePlan*> plans;
  for (const auto& d : set_->drivers()) plans.push_back(&d->plan());
  trackers_->configure(*model_, plans);
  if (trackers_->tracked() > 0) log_.line(LogLevel::Info, "tracking ", trackers_->tracked(), " vrrp_script(s)");
}

void Daemon::apply_tracking() {
  for (const auto& d : set_->drivers()) {
    if (d->plan().track_script.empty()) continue;
    // PriorityChanged first, so leaving FAULT already uses the new priority (proto/tracking.hpp).
    const auto o = trackers_->outcome(d->plan());
    d->feed(proto::PriorityChanged{o.priority});
    d->set_tracker_fault(o.tracker_fault, o.pending);
    set_->own_fault_changed(*d);
  }
}

std::vector<InstanceSnapshot> Daemon::snapshots() const {
  std::vector<InstanceSnapshot> out;
  for (const auto& d : set_->drivers()) out.push_back(snapshot(*d));
  return out;
}

void Daemon::dump(int what) {
  const auto snaps = snapshots();
  std::error_code ec;
  const char* path = nullptr;
  if (what == SIGUSR1) {
    DaemonSnapshot ds;
    ds.config_file = options_.config_file;
    ds.router = set_->router_counters();
    ds.stalls = stalls_.stalls();
    ds.worst_stall_us = stalls_.worst().count();
    ds.stall_threshold_us = stalls_.threshold().count();
    ds.reloads = reloads_;
    path = kDataDumpFile;
    ec = write_dump_file(path, format_data(ds, snaps));
  } else if (what == SIGUSR2 || what == kSigStatsClear) {
    path = kStatsDumpFile;
    ec = write_dump_file(path, format_stats(snaps));
  } else if (what == kSigJson) {
    path = kJsonDumpFile;
    ec = write_dump_file(path, format_json(snaps));
  }
  if (!path) return;
  if (ec) log_.line(LogLevel::Error, "cannot write ", path, ": ", ec.message());
  else log_.line(LogLevel::Info, "Printing VRRP ", what == SIGUSR1 ? "data" : what == kSigJson ? "as json" : "stats",
                 " to ", path, " on signal");
}

}  // namespace vrrp::daemon
