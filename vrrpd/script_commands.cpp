// ScriptCommands: identity lookup and enable_script_security checks for every script we run.
#include "vrrpd/script_commands.hpp"

#include <unistd.h>

#include "vrrpd/exec/script_security.hpp"

namespace vrrp::daemon {

ScriptCommands::ScriptCommands(const conf::GlobalDefs& globals, Logger& log)
    : security_(globals.enable_script_security), log_(log) {
  auto d = exec::default_identity(globals.script_user, globals.script_group);
  if (d) default_ = std::move(*d);
  else default_error_ = d.error();
}

std::optional<exec::Command> ScriptCommands::command(const conf::Script& script, std::string_view what) const {
  if (script.argv.empty()) return std::nullopt;
  exec::Command cmd;
  cmd.argv = script.argv;
  exec::Identity identity;
  if (!script.user.empty()) {
    auto id = exec::lookup_identity(script.user, script.group);
    if (!id) {
      log_.line(LogLevel::Error, what, ": ", id.error(), " for script ", script.argv[0], " - script disabled");
      return std::nullopt;
    }
    identity = std::move(*id);
  } else if (!default_) {
    log_.line(LogLevel::Error, what, ": script_user: ", default_error_, " for script ", script.argv[0],
              " - script disabled");
    return std::nullopt;
  } else {
    if (security_ && default_->fell_back_to_daemon) {
      // §4.4: with security on, a script may not silently inherit the daemon's root identity.
      log_.line(LogLevel::Error, what, ": no script_user and no keepalived_script user; refusing to run ",
                script.argv[0], " as root - script disabled");
      return std::nullopt;
    }
    identity = default_->identity;
  }
  if (security_) {
    const uid_t uid = identity.run_as.uid.value_or(::geteuid());
    const gid_t gid = identity.run_as.gid.value_or(::getegid());
    if (exec::script_security_applies(script.argv[0], uid, gid)) {
      if (auto problem = exec::check_script_security(script.argv[0])) {
        log_.line(LogLevel::Error, what, ": ", *problem, " - script disabled");
        return std::nullopt;
      }
    }
  }
  cmd.run_as = std::move(identity.run_as);
  return cmd;
}

}  // namespace vrrp::daemon
