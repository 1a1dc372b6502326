// NotifyQueue: keepalived's notify argv, one hook at a time per instance/group.
#include "vrrpd/exec/notify_queue.hpp"

namespace vrrp::daemon::exec {

namespace {

const std::optional<Command>* specific_hook(const NotifyHooks& hooks, NotifyEvent event,
                                            const char** keyword) {
  switch (event) {
    case NotifyEvent::Master: *keyword = "notify_master"; return &hooks.master;
    case NotifyEvent::Backup: *keyword = "notify_backup"; return &hooks.backup;
    case NotifyEvent::Fault: *keyword = "notify_fault"; return &hooks.fault;
    case NotifyEvent::Stop: *keyword = "notify_stop"; return &hooks.stop;
    case NotifyEvent::Deleted: *keyword = "notify_deleted"; return &hooks.deleted;
    case NotifyEvent::MasterRxLowerPri:
      *keyword = "notify_master_rx_lower_pri";
      return &hooks.master_rx_lower_pri;
    case NotifyEvent::MasterPriority:
    case NotifyEvent::BackupPriority:
      return nullptr;  // FIFO only
  }
  return nullptr;
}

}  // namespace

NotifyEvent resolve_event(const NotifyHooks& hooks, NotifyEvent event) {
  if (event == NotifyEvent::Deleted && !hooks.notify_deleted && !hooks.deleted) {
    return NotifyEvent::Fault;
  }
  return event;
}

std::vector<HookCall> hook_calls(NotifyScope scope, std::string_view name, const NotifyHooks& hooks,
                                 NotifyEvent event, int priority) {
  std::vector<HookCall> calls;
  const char* keyword = "";
  if (const auto* specific = specific_hook(hooks, event, &keyword); specific && *specific) {
    calls.push_back({keyword, **specific});
  }
  if (hooks.notify && is_state(event)) {
    HookCall generic{"notify", *hooks.notify};
    auto& argv = generic.command.argv;
    argv.emplace_back(to_word(scope));
    argv.emplace_back(name);
    argv.emplace_back(to_word(event));
    argv.push_back(std::to_string(scope == NotifyScope::Group ? 0 : priority));
    calls.push_back(std::move(generic));
  }
  return calls;
}

NotifyQueue::NotifyQueue(ScriptRunner& runner, NotifyScope scope, std::string name,
                         NotifyHooks hooks, HookPolicy policy)
    : runner_(runner), scope_(scope), name_(std::move(name)), hooks_(std::move(hooks)),
      policy_(policy) {}

NotifyQueue::~NotifyQueue() { *alive_ = false; }

NotifyEvent NotifyQueue::post(NotifyEvent event, int priority) {
  const NotifyEvent resolved = resolve_event(hooks_, event);
  auto calls = hook_calls(scope_, name_, hooks_, resolved, priority);
  const std::uint64_t sequence = next_sequence_++;
  if (calls.empty()) return resolved;
  pending_.push_back({sequence, resolved, std::move(calls)});
  while (waiting() > policy_.max_queued) {
    // The oldest waiting event is an intermediate state by now: a newer one follows it.
    pending_.erase(pending_.begin() + (busy_ ? 1 : 0));
    ++dropped_;
  }
  pump();
  return resolved;
}

void NotifyQueue::pump() {
  while (!busy_ && !pending_.empty()) {
    Pending& head = pending_.front();
    if (head.next == head.calls.size()) {
      pending_.pop_front();
      continue;
    }
    RunOptions options;
    options.timeout = policy_.timeout;
    options.kill_grace = policy_.kill_grace;
    options.output = policy_.output;
    busy_ = true;
    runner_.run(head.calls[head.next].command, options,
                [this, alive = alive_](const RunResult& result) {
                  if (!*alive) return;
                  Pending& done = pending_.front();
                  HookReport report{done.sequence, done.event, std::move(done.calls[done.next]),
                                    result};
                  ++done.next;
                  ++completed_;
                  busy_ = false;
                  if (observer_) observer_(report);
                  pump();
                });
  }
}

}  // namespace vrrp::daemon::exec
