// Command line: keepalived's options (keepalived-surface.md §3) parsed with Boost.Program_options
// into a plain CliOptions value. Pure: prints nothing and never exits; main() does both.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vrrp::daemon {

inline constexpr const char* kDefaultConfigFile = "/etc/keepalived/keepalived.conf";
inline constexpr const char* kDefaultPidFile = "/run/vrrpd.pid";
/// Same as control::kDefaultSocketPath (kept here so the CLI stays free of Asio).
inline constexpr const char* kDefaultControlSocket = "/run/vrrpd/vrrpd.sock";

struct CliOptions {
  std::string config_file = kDefaultConfigFile;  // -f
  bool dont_fork = false;                        // -n
  bool log_console = false;                      // -l
  int log_detail = 0;                            // -D, counted
  int log_facility = -1;                         // -S, a syslog LOG_* facility; -1: LOG_DAEMON
  bool no_syslog = false;                        // -G
  std::string pid_file = kDefaultPidFile;        // -p
  /// -r: keepalived's VRRP-child pid file. vrrpd is one process, so when given it receives the
  /// same pid as -p (scripts that read either file find the daemon).
  std::string vrrp_pid_file;
  bool config_test = false;      // -t
  std::string config_test_log;   // -t=LOGFILE
  std::string config_id;         // -i; empty: hostname up to the first '.'
  bool dump_config_json = false; // --dump-config: print the parsed model as JSON and exit
  bool dump_conf_log = false;    // -d: log the parsed configuration at start
  bool strict = false;           // --strict: vrrp_strict for every instance
  bool dont_release_vrrp = false;  // -V: leave VIPs in place and send no priority 0 on stop
  bool release_vips = false;       // -X
  bool all_config = false;         // -e
  /// --control-socket PATH; empty with --no-control-socket (vrrpctl then has nothing to talk to).
  std::string control_socket = kDefaultControlSocket;
  std::string metrics_listen;      // --metrics-listen ADDR:PORT; empty: no metrics listener
  /// Non-fatal remarks to print on stderr (ignored subsystem options, stray arguments).
  std::vector<std::string> warnings;
};

/// What main() should do: run with `options`, or print `stdout_text`/`stderr_text` and exit.
struct CliOutcome {
  std::optional<CliOptions> options;  // set: run the daemon (or the config test)
  int exit_code = 0;                  // meaningful when !options
  std::string stdout_text;
  std::string stderr_text;
};

/// Parses argv (argv[0] is the program name). Unknown options and missing or empty arguments
/// give exit code 1 as keepalived does; -h and -v print on stderr and exit 0.
CliOutcome parse_cli(std::span<const char* const> argv);

/// keepalived's --signum names: STOP RELOAD DATA STATS STATS_CLEAR JSON. nullopt if unknown.
std::optional<int> signal_number(const std::string& name);

}  // namespace vrrp::daemon
