// What to run and how: argv, run-as identity, timeout and output handling for one child
// process started by ScriptRunner (keepalived-surface.md §4.1).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vrrp::daemon::exec {

/// The identity a script runs as. Unset fields keep the daemon's own.
struct RunAs {
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  /// Supplementary groups to install (keepalived's `:group` form); empty with `gid` set clears
  /// them so a root daemon does not leak its own groups into a script.
  std::vector<gid_t> groups;
};

/// One program invocation. keepalived execs the split argv directly (no shell): argv[0] is the
/// program; a name without '/' is looked up in PATH by the runner.
struct Command {
  std::vector<std::string> argv;
  RunAs run_as;
};

enum class Output : unsigned char {
  Discard,  // stdout and stderr on /dev/null (keepalived's behaviour)
  Capture,  // stdout and stderr into a bounded buffer handed to the completion handler
};

/// How to supervise a run.
struct RunOptions {
  /// After this the whole process group gets SIGTERM; nullopt: no limit (FIFO scripts).
  std::optional<std::chrono::milliseconds> timeout;
  /// SIGKILL to the group this long after the SIGTERM (keepalived: 2 s), or as soon as the
  /// leader exits after a timeout, whichever comes first.
  std::chrono::milliseconds kill_grace{2000};
  Output output = Output::Discard;
  std::size_t capture_limit = 4096;  // bytes kept; the rest is read and discarded
};

}  // namespace vrrp::daemon::exec
