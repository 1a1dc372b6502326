// track_process matching by scanning /proc (keepalived-surface.md §2.7). keepalived listens to
// the netlink proc connector; we scan on a timer instead (Trackers), which is simpler and needs
// no extra capability. Cost: one opendir plus one or two small reads per process (/proc/PID/comm,
// and /proc/PID/cmdline only when a tracker matches on arguments) — see the measured figure in
// tests/daemon/process_scan_test.cpp; about 1-2 ms for a few hundred processes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vrrp::daemon {

/// What one vrrp_track_process looks for.
struct ProcessPattern {
  std::string process;                  // comm name, or the full path/argv[0] with arguments
  std::vector<std::string> parameters;  // empty: any arguments (match on comm only)
  std::string param_match;              // "" exact, "initial" prefix, "partial" contiguous run
  bool full_command = false;            // compare argv[0] instead of comm
};

/// Whether a process with `comm` and `argv` (cmdline split at NULs) matches `pattern`.
/// comm is compared with the name truncated to the kernel's 15 characters.
bool process_matches(const ProcessPattern& pattern, std::string_view comm, const std::vector<std::string>& argv);

/// Counts, for each pattern, the processes under `proc_root` (normally "/proc") that match it.
/// Processes that vanish mid-scan are skipped. Never throws.
std::vector<unsigned> count_processes(const std::vector<ProcessPattern>& patterns,
                                      const std::string& proc_root = "/proc");

}  // namespace vrrp::daemon
