// Turns configured script keywords (conf::Script) into runnable exec::Commands: run-as identity
// (`USER [GROUP]` or the script_user default) and, with enable_script_security, the refusal of
// scripts that are unsafe or would run as root without an explicit user (keepalived-surface.md §4.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "conf-parser/model.hpp"
#include "vrrpd/exec/command.hpp"
#include "vrrpd/exec/run_as.hpp"
#include "vrrpd/logger.hpp"

namespace vrrp::daemon {

class ScriptCommands {
 public:
  /// Resolves the script_user default once per (re)load; problems are logged when used.
  ScriptCommands(const conf::GlobalDefs& globals, Logger& log);

  /// The command to run for `script`, or nullopt (logged, naming `what` and the path) when it
  /// must not run: unknown user, insecure file or directory, or no safe default identity.
  std::optional<exec::Command> command(const conf::Script& script, std::string_view what) const;

  bool security() const { return security_; }

 private:
  bool security_;
  std::optional<exec::DefaultIdentity> default_;
  std::string default_error_;
  Logger& log_;
};

}  // namespace vrrp::daemon
