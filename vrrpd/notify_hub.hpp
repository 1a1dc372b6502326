// The real Notifier: one exec::NotifyQueue per vrrp_instance and per vrrp_sync_group (hooks
// run in event order, never blocking the loop) and the notify_fifo / vrrp_notify_fifo writers
// with their scripts (keepalived-surface.md §4.1, §4.2).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "conf-parser/lower.hpp"
#include "conf-parser/model.hpp"
#include "vrrpd/exec/notify_fifo.hpp"
#include "vrrpd/exec/notify_queue.hpp"
#include "vrrpd/exec/script_runner.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/ports.hpp"
#include "vrrpd/script_commands.hpp"

namespace vrrp::daemon {

class NotifyHub : public Notifier {
 public:
  /// `runner` must outlive the hub.
  NotifyHub(boost::asio::io_context& io, exec::ScriptRunner& runner, Logger& log,
            exec::HookPolicy policy = {});
  ~NotifyHub() override;

  /// (Re)builds the hooks of every instance in `plans` and every sync group of `model`, and
  /// (re)opens the FIFOs, restarting their scripts (keepalived does so on every reload). Scripts refused by
  /// `commands` (script security, unknown user) are left out, logged.
  void configure(const conf::Config& model, std::span<const conf::InstancePlan* const> plans,
                 const ScriptCommands& commands);

  void instance_event(const conf::InstancePlan& plan, exec::NotifyEvent event, int priority) override;
  void group_event(const std::string& group, exec::NotifyEvent event) override;

  /// No hook running or waiting (the stop sequence waits for this, bounded).
  bool idle() const;
  /// Stop: keepalived SIGTERMs the FIFO scripts before writing the final STOP lines.
  void stop_fifo_scripts();
  /// SIGTERM to the FIFO scripts, then close the FIFOs (unlinking those we created).
  void close_fifos();

  const exec::NotifyFifo& fifo() const { return fifo_; }
  const exec::NotifyFifo& vrrp_fifo() const { return vrrp_fifo_; }
  /// The queue of an instance or group (tests, dumps); nullptr if unknown.
  const exec::NotifyQueue* queue(exec::NotifyScope scope, const std::string& name) const;

 private:
  struct FifoConfig {
    std::string path;
    std::vector<std::string> script_argv;
    friend bool operator==(const FifoConfig&, const FifoConfig&) = default;
  };
  exec::NotifyHooks hooks_for(const conf::Notifies& n, const std::string& tag, const ScriptCommands& commands);
  exec::NotifyQueue& queue_for(exec::NotifyScope scope, const std::string& name);
  void open_fifo(exec::NotifyFifo& fifo, std::optional<FifoConfig>& current, const std::optional<conf::Fifo>& spec,
                 const std::optional<conf::Script>& script, const ScriptCommands& commands, const char* keyword);
  void write_fifos(exec::NotifyScope scope, const std::string& name, exec::NotifyEvent event, int priority);

  exec::ScriptRunner& runner_;
  Logger& log_;
  exec::HookPolicy policy_;
  std::map<std::string, std::unique_ptr<exec::NotifyQueue>> instances_;
  std::map<std::string, std::unique_ptr<exec::NotifyQueue>> groups_;
  exec::NotifyFifo fifo_;       // notify_fifo: VRRP lines (keepalived also writes LVS ones)
  exec::NotifyFifo vrrp_fifo_;  // vrrp_notify_fifo: ignored if it is the same path
  std::optional<FifoConfig> fifo_config_;
  std::optional<FifoConfig> vrrp_fifo_config_;
};

}  // namespace vrrp::daemon
