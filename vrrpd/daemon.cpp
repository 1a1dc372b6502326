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
#include "netif/vmac.hpp"
#include "vrrpd/vmac_name.hpp"
#include "vrrpd/clock.hpp"
#include "vrrpd/version.hpp"

namespace vrrp::daemon {

namespace {

const int kSigJson = SIGRTMIN + 2;
const int kSigStatsClear = SIGRTMAX - 1;
// Stop: how long the loop keeps running for queued STOP/DELETED hooks (keepalived waits ~1 s
// for its children too). Hooks still running after it are killed with the runner.
constexpr auto kStopGrace = std::chrono::seconds(2);

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
      runner_(io_),
      stop_timer_(io_) {}

Daemon::~Daemon() {
  metrics_.reset();
  control_.reset();
  bridge_.reset();
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

bool Daemon::make_vmac(ResolvedPlan& r, const netif::InterfaceInfo& parent, const std::string& prefix,
                       std::vector<std::string>& taken) {
  auto& plan = r.plan;
  netif::VmacSpec spec;
  spec.parent_ifindex = parent.ifindex;
  spec.family = plan.config.family;
  spec.vrid = plan.config.vrid;
  spec.mode = netif::MacvlanMode::Private;
  // RFC 9568 §7.4: no EUI-64 link-local from the shared virtual MAC; IPv4 needs none at all.
  spec.addr_gen_mode = plan.config.family == proto::Family::Ipv4 ? netif::Ipv6AddrGenMode::None
                                                                 : netif::Ipv6AddrGenMode::Random;
  const auto configured = configured_vmac_name(plan);
  std::error_code last;
  for (unsigned clash = 0; clash < 10; ++clash) {
    spec.name = configured ? *configured : default_vmac_name(prefix, plan.config.vrid, clash);
    if (std::find(taken.begin(), taken.end(), spec.name) != taken.end()) {
      if (configured) break;
      continue;
    }
    const auto idx = netif::create_vmac(*nl_, spec);
    if (idx) {
      r.vmac_ifindex = *idx;
      r.vmac_name = spec.name;
      taken.push_back(spec.name);
      if (std::find(vmacs_.begin(), vmacs_.end(), spec.name) == vmacs_.end()) vmacs_.push_back(spec.name);
      log_.line(LogLevel::Info, instance_tag(plan), " using VMAC ", spec.name, " on ", parent.name);
      return true;
    }
    last = idx.error();
    // keepalived renames on a clash with an interface it did not make; a configured name is fixed.
    if (configured || last != std::errc::file_exists) break;
  }
  log_.line(LogLevel::Error, instance_tag(plan), " cannot create VMAC ", spec.name, " on ", parent.name, ": ",
            last ? last.message() : std::string("name already used"));
  return false;
}

void Daemon::remove_vmacs(const std::vector<ResolvedPlan>* keep) {
  std::vector<std::string> left;
  for (const auto& name : vmacs_) {
    bool kept = false;
    if (keep) {
      for (const auto& r : *keep) kept = kept || r.vmac_name == name;
    }
    if (kept) {
      left.push_back(name);
      continue;
    }
    if (const auto ec = netif::remove_vmac(*nl_, name)) {
      log_.line(LogLevel::Warning, "cannot remove VMAC ", name, ": ", ec.message());
    } else {
      log_.line(LogLevel::Info, "removed VMAC ", name);
    }
  }
  vmacs_ = std::move(left);
}

std::optional<std::vector<ResolvedPlan>> Daemon::resolve(std::vector<conf::InstancePlan> plans,
                                                         bool startup, const std::string& vmac_prefix) {
  std::vector<ResolvedPlan> out;
  std::vector<std::string> taken;
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
    if (plan.use_vmac) {
      r.plan = plan;  // make_vmac reads it
      if (!make_vmac(r, *info, vmac_prefix, taken)) {
        // keepalived puts such an instance in FAULT; we do not start it (logged above).
        if (startup) return std::nullopt;
        continue;
      }
    }
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

  auto resolved = resolve(std::move(loaded.plans), true, loaded.result.model->global_defs.vmac_prefix);
  if (!resolved) {
    remove_vmacs(nullptr);
    return kExitConfig;
  }

  // Leftovers of a previous run that died without cleaning up (keepalived-surface.md §5.3).
  if (auto swept = netif::sweep_leftover_vips(*nl_); swept && *swept > 0) {
    log_.line(LogLevel::Info, "removed ", *swept, " leftover virtual address(es) of a previous run");
  }

  pool_ = std::make_unique<NetifSocketPool>(
      io_, log_,
      [this](int ifindex, const proto::ReceivedPacket& p) { set_->on_packet(ifindex, p); },
      [this](proto::DropReason r) { set_->on_rejected_packet(r); });
  hub_ = std::make_unique<NotifyHub>(io_, runner_, log_);
  ctx_ = std::make_unique<DriverContext>(
      DriverContext{io_, *host_, *hub_, log_, stalls_});
  set_ = std::make_unique<InstanceSet>(*ctx_, *pool_);
  const auto expected = resolved->size();
  initial_ = std::move(*resolved);
  const auto created = set_->create(std::move(initial_), true);
  if (created < expected) {
    log_.line(LogLevel::Error, expected - created, " instance(s) could not open their socket");
    if (created == 0 && expected > 0) return kExitFatal;
  }

  model_ = loaded.result.model;
  trackers_ = std::make_unique<Trackers>(io_, runner_, log_, [this] { apply_tracking(); });

  monitor_ = std::make_unique<netif::NetlinkMonitor>(io_);
  if (const auto ec = monitor_->start([this](const netif::NetlinkEvent& e) { on_netlink(e); })) {
    log_.line(LogLevel::Error, "cannot monitor netlink: ", ec.message());
    return kExitFatal;
  }

  if (!start_control()) return kExitFatal;

  ::signal(SIGPIPE, SIG_IGN);
  // No SIGCHLD: exec::ScriptRunner reaps exactly its own children through pidfds; a
  // waitpid(-1) here would steal their exit statuses.
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, kSigJson, kSigStatsClear}) {
    signals_.add(s);
  }
  return kExitOk;
}

bool Daemon::start_control() {
  ControlBridge::Hooks hooks;
  hooks.trackers = [this](const conf::InstancePlan& plan) { return trackers_->tracker_set(plan); };
  hooks.reload = [this] { return reload(); };
  bridge_ = std::make_unique<ControlBridge>(*set_, stalls_, std::move(hooks));
  if (!options_.control_socket.empty()) {
    control_ = std::make_unique<control::ControlServer>(io_, *bridge_,
                                                        control::ControlServerOptions{.path = options_.control_socket});
    if (auto r = control_->start(); !r) {
      log_.line(LogLevel::Error, "control socket ", options_.control_socket, ": ", r.error(),
                "; running without it");
      control_.reset();
    } else {
      log_.line(LogLevel::Info, "control socket ", options_.control_socket);
    }
  }
  if (!options_.metrics_listen.empty()) {
    metrics_ = std::make_unique<control::MetricsServer>(io_, *bridge_,
                                                        control::MetricsServerOptions{.listen = options_.metrics_listen});
    if (auto r = metrics_->start(); !r) {
      log_.line(LogLevel::Error, "metrics listener ", options_.metrics_listen, ": ", r.error());
      if (!options_.log_console) std::fprintf(stderr, "metrics listener %s: %s\n", options_.metrics_listen.c_str(), r.error().c_str());
      return false;
    }
    log_.line(LogLevel::Info, "metrics on ", options_.metrics_listen, " (port ", metrics_->port(), ")");
  }
  return true;
}

int Daemon::run() {
  wait_signal();
  // Scripts start here, after daemonising: children must belong to the daemon, not the parent.
  configure_scripts(true);
  apply_tracking();  // remembered in INIT: a weight-0 tracker not reported yet starts silent FAULT
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
    (void)reload();  // the outcome is logged
  } else {
    dump(signo);
  }
}

void Daemon::stop() {
  log_.line(LogLevel::Info, "Stopping");
  stopping_ = true;
  if (control_) control_->stop();  // removes the socket file
  if (metrics_) metrics_->stop();
  if (trackers_) trackers_->stop();
  if (monitor_) monitor_->stop();
  hub_->stop_fifo_scripts();  // §4.2: before the final STOP lines
  set_->shutdown(!options_.dont_release_vrrp);
  signals_.cancel();
  stop_deadline_ = now() + kStopGrace;
  wait_for_notifies();
}

void Daemon::wait_for_notifies() {
  if (hub_->idle() || now() >= stop_deadline_) {
    finish_stop();
    return;
  }
  stop_timer_.expires_after(std::chrono::milliseconds(10));
  stop_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) wait_for_notifies();
  });
}

void Daemon::finish_stop() {
  if (!hub_->idle()) log_.line(LogLevel::Warning, "notify scripts still running at exit are killed");
  hub_->close_fifos();
  // -V leaves VIPs, and so the VMACs carrying them, in place (keepalived-surface.md §3).
  if (!options_.dont_release_vrrp) remove_vmacs(nullptr);
  io_.stop();
  log_.line(LogLevel::Info, "Stopped vrrpd ", kVersion);
}

std::expected<std::string, std::string> Daemon::reload() {
  if (stopping_) return std::unexpected(std::string("the daemon is stopping"));
  log_.line(LogLevel::Info, "Reloading configuration file ", options_.config_file);
  auto loaded = load_for_daemon(options_);
  if (loaded.exit_code != 0) {
    report(loaded.result, false);
    const auto why = "reload failed (" +
                     (loaded.exit_code == kExitNoConfig ? std::string("configuration file missing")
                                                        : "configuration error, code " + std::to_string(loaded.exit_code)) +
                     "); keeping the running configuration";
    log_.line(LogLevel::Error, why);
    return std::unexpected(why);
  }
  report(loaded.result, false);
  auto resolved = resolve(std::move(loaded.plans), false, loaded.result.model->global_defs.vmac_prefix);
  const auto kept_vmacs = *resolved;  // names only matter; copied before reload() consumes it
  const auto plan = set_->reload(std::move(*resolved));
  remove_vmacs(&kept_vmacs);  // after reload(): removed instances released their VIPs first
  model_ = loaded.result.model;
  configure_scripts(false);
  apply_tracking();
  ++reloads_;
  const auto done = "reload done: " + std::to_string(plan.matched.size()) + " kept, " +
                    std::to_string(plan.removed.size()) + " removed, " + std::to_string(plan.added.size()) + " added";
  log_.line(LogLevel::Info, done);
  return done;
}

void Daemon::on_netlink(const netif::NetlinkEvent& event) {
  if (const auto* link = std::get_if<netif::LinkEvent>(&event)) {
    log_.line(LogLevel::Info, "Netlink reports ", link->name, link->operational() ? " up" : " down");
    set_->on_link(link->ifindex, link->operational());
    trackers_->set_interface(link->name, link->operational());
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
  for (const auto& name : trackers_->interfaces()) {
    const auto info = netif::query_interface(*nl_, name);
    trackers_->set_interface(name, info && info->up && info->running);
  }
}

void Daemon::configure_scripts(bool startup) {
  std::vector<const conf::InstancePlan*> plans;
  for (const auto& d : set_->drivers()) plans.push_back(&d->plan());
  const ScriptCommands commands(model_->global_defs, log_);
  hub_->configure(*model_, plans, commands);
  trackers_->configure(*model_, plans, commands, startup);
  for (const auto& name : trackers_->interfaces()) {
    const auto info = netif::query_interface(*nl_, name);
    trackers_->set_interface(name, info && info->up && info->running);
  }
  if (trackers_->scripts() + trackers_->files() + trackers_->processes() > 0) {
    log_.line(LogLevel::Info, "tracking ", trackers_->scripts(), " vrrp_script(s), ", trackers_->files(),
              " track_file(s), ", trackers_->processes(), " track_process(es)");
  }
}

void Daemon::apply_tracking() {
  if (stopping_ || !set_) return;
  for (const auto& d : set_->drivers()) {
    // A `vrrpctl priority`/`release` hold outlives a reload, which resets proto to the base.
    if (!Trackers::tracks(d->plan()) && !d->priority_held()) continue;
    // PriorityChanged first, so leaving FAULT already uses the new priority (proto/tracking.hpp).
    const auto o = trackers_->outcome(d->plan());
    d->feed(proto::PriorityChanged{d->wanted_priority(o.priority)});
    if (o.tracker_fault != d->tracker_fault() || (o.tracker_fault && o.pending != d->tracker_pending())) {
      d->set_tracker_fault(o.tracker_fault, o.pending);
      set_->own_fault_changed(*d);
    }
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
