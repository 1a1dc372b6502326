// NotifyHub: conf notify keywords → exec::NotifyHooks, events → queues and FIFO lines.
#include "vrrpd/notify_hub.hpp"

#include "vrrpd/exec/run_as.hpp"

namespace vrrp::daemon {

NotifyHub::NotifyHub(boost::asio::io_context& io, exec::ScriptRunner& runner, Logger& log,
                     exec::HookPolicy policy)
    : runner_(runner), log_(log), policy_(policy), fifo_(io, runner), vrrp_fifo_(io, runner) {}

NotifyHub::~NotifyHub() { close_fifos(); }

exec::NotifyHooks NotifyHub::hooks_for(const conf::Notifies& n, const std::string& tag,
                                       const ScriptCommands& commands) {
  exec::NotifyHooks h;
  auto one = [&](const std::optional<conf::Script>& s, const char* keyword) -> std::optional<exec::Command> {
    if (!s) return std::nullopt;
    return commands.command(*s, tag + " " + keyword);
  };
  h.notify = one(n.notify, "notify");
  h.master = one(n.notify_master, "notify_master");
  h.backup = one(n.notify_backup, "notify_backup");
  h.fault = one(n.notify_fault, "notify_fault");
  h.stop = one(n.notify_stop, "notify_stop");
  h.deleted = one(n.notify_deleted, "notify_deleted");
  h.master_rx_lower_pri = one(n.notify_master_rx_lower_pri, "notify_master_rx_lower_pri");
  h.notify_deleted = n.notify_deleted_set || n.notify_deleted.has_value();
  return h;
}

exec::NotifyQueue& NotifyHub::queue_for(exec::NotifyScope scope, const std::string& name) {
  auto& map = scope == exec::NotifyScope::Instance ? instances_ : groups_;
  auto& q = map[name];
  if (!q) {
    q = std::make_unique<exec::NotifyQueue>(runner_, scope, name, exec::NotifyHooks{}, policy_);
    q->set_observer([this](const exec::HookReport& r) {
      if (r.result.success()) return;
      log_.line(LogLevel::Warning, to_word(r.event), " ", r.call.hook, " ", r.call.command.argv.front(), ": ",
                r.result.describe());
    });
  }
  return *q;
}

void NotifyHub::configure(const conf::Config& model, std::span<const conf::InstancePlan* const> plans,
                          const ScriptCommands& commands) {
  // Queues of instances/groups that left the configuration stay (their last hooks may still be
  // running or waiting, e.g. DELETED); they simply get no new events.
  for (const auto* plan : plans) {
    queue_for(exec::NotifyScope::Instance, plan->config.name)
        .set_hooks(hooks_for(plan->notifies, "VRRP_Instance(" + plan->config.name + ")", commands));
  }
  for (const auto& sg : model.vrrp_sync_group) {
    queue_for(exec::NotifyScope::Group, sg.name)
        .set_hooks(hooks_for(sg.notifies, "VRRP_Group(" + sg.name + ")", commands));
  }
  const auto& g = model.global_defs;
  open_fifo(fifo_, fifo_config_, g.notify_fifo, g.notify_fifo_script, commands, "notify_fifo");
  std::optional<conf::Fifo> vrrp = g.vrrp_notify_fifo;
  if (vrrp && g.notify_fifo && vrrp->path == g.notify_fifo->path) {
    log_.line(LogLevel::Warning, "vrrp_notify_fifo ", vrrp->path, " is the same as notify_fifo; ignored");
    vrrp.reset();
  }
  open_fifo(vrrp_fifo_, vrrp_fifo_config_, vrrp, g.vrrp_notify_fifo_script, commands, "vrrp_notify_fifo");
}

void NotifyHub::open_fifo(exec::NotifyFifo& fifo, std::optional<FifoConfig>& current,
                          const std::optional<conf::Fifo>& spec, const std::optional<conf::Script>& script,
                          const ScriptCommands& commands, const char* keyword) {
  // keepalived-surface.md §4.2: every (re)load closes and reopens the FIFO and restarts its script.
  fifo.stop_script();
  fifo.close();
  current.reset();
  if (!spec) return;
  current = FifoConfig{spec->path, script ? script->argv : std::vector<std::string>{}};
  std::optional<exec::Command> cmd;
  if (script) {
    cmd = commands.command(*script, std::string(keyword) + "_script");
  }
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  if (!spec->user.empty()) {
    if (auto id = exec::lookup_identity(spec->user, spec->group)) {
      uid = id->run_as.uid;
      gid = id->run_as.gid;
    } else {
      log_.line(LogLevel::Warning, keyword, " ", spec->path, ": ", id.error());
    }
  }
  if (auto err = fifo.open(spec->path, cmd, uid, gid)) {
    log_.line(LogLevel::Error, keyword, ": ", *err);
    current.reset();
    return;
  }
  log_.line(LogLevel::Info, "Opened ", keyword, " ", spec->path, cmd ? " and started its script" : "");
}

void NotifyHub::write_fifos(exec::NotifyScope scope, const std::string& name, exec::NotifyEvent event,
                            int priority) {
  if (fifo_.is_open()) fifo_.write(scope, name, event, priority);
  if (vrrp_fifo_.is_open()) vrrp_fifo_.write(scope, name, event, priority);
}

void NotifyHub::instance_event(const conf::InstancePlan& plan, exec::NotifyEvent event, int priority) {
  // §4.1 order: specific hook, generic notify, then the FIFO line.
  const auto resolved = queue_for(exec::NotifyScope::Instance, plan.config.name).post(event, priority);
  write_fifos(exec::NotifyScope::Instance, plan.config.name, resolved, priority);
}

void NotifyHub::group_event(const std::string& group, exec::NotifyEvent event) {
  const auto resolved = queue_for(exec::NotifyScope::Group, group).post(event, 0);
  write_fifos(exec::NotifyScope::Group, group, resolved, 0);
}

bool NotifyHub::idle() const {
  for (const auto* map : {&instances_, &groups_}) {
    for (const auto& [name, q] : *map) {
      if (!q->idle()) return false;
    }
  }
  return true;
}

void NotifyHub::stop_fifo_scripts() {
  fifo_.stop_script();
  vrrp_fifo_.stop_script();
}

void NotifyHub::close_fifos() {
  fifo_.stop_script();
  vrrp_fifo_.stop_script();
  fifo_.close();
  vrrp_fifo_.close();
  fifo_config_.reset();
  vrrp_fifo_config_.reset();
}

const exec::NotifyQueue* NotifyHub::queue(exec::NotifyScope scope, const std::string& name) const {
  const auto& map = scope == exec::NotifyScope::Instance ? instances_ : groups_;
  const auto it = map.find(name);
  return it == map.end() ? nullptr : it->second.get();
}

}  // namespace vrrp::daemon
