// Loads keepalived.conf for the daemon: conf::load() with the host's facts (interfaces,
// scripts) plugged in, keepalived's startup exit codes, and lowering to instance plans.
#pragma once

#include <string>
#include <vector>

#include "conf-parser/config.hpp"
#include "conf-parser/lower.hpp"
#include "vrrpd/cli.hpp"

namespace vrrp::daemon {

/// keepalived's daemon exit codes (keepalived-surface.md §3).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFatal = 1;
inline constexpr int kExitConfig = 2;
inline constexpr int kExitNoConfig = 6;

/// conf::LoadOptions for these command-line options, asking the kernel about interfaces
/// (if_nametoindex) and the file system about scripts.
conf::LoadOptions load_options(const CliOptions& cli);

/// True if `path` (not a glob) names no readable file. Globs are left to the reader.
bool config_file_missing(const std::string& path);

struct LoadedConfig {
  conf::LoadResult result;
  std::vector<conf::InstancePlan> plans;
  /// 0: usable. Else keepalived's exit code: 6 file missing, 2 fatal diagnostics, an instance
  /// dropped by validation, or (with --strict) any counted error.
  int exit_code = 0;
};

/// Loads and lowers the configuration named by `cli` (daemon start and SIGHUP reload).
LoadedConfig load_for_daemon(const CliOptions& cli);

/// Same verdict for an existing result (pure; tests): `declared` vrrp_instance blocks were
/// written, `plans` survived validation and lowering.
int daemon_verdict(const conf::LoadResult& result, std::size_t declared, std::size_t plans, bool strict);

}  // namespace vrrp::daemon
