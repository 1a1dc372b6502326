// Low-level process start: clone(CLONE_VM|CLONE_VFORK) so a big daemon does not pay for
// copying its page tables on every script, with what posix_spawn cannot do (setuid/setgid).
#pragma once

#include <sys/types.h>

#include "vrrpd/exec/command.hpp"

namespace vrrp::daemon::exec {

/// Everything the child needs, prepared by the parent: the child may only make system calls.
struct SpawnRequest {
  const char* path = nullptr;        // the file to execve (already resolved)
  char* const* argv = nullptr;       // argv[0] as the script should see it
  char* const* shell_argv = nullptr; // {"/bin/sh", path, args...}: used when execve says ENOEXEC
  char* const* envp = nullptr;
  int stdin_fd = -1;                 // dup'ed onto 0, 1, 2 in the child; each must be >= 3
  int stdout_fd = -1;
  int stderr_fd = -1;
  const RunAs* run_as = nullptr;
};

/// pid > 0: the child exec'd (it is the leader of its own process group, pgid == pid).
/// Otherwise `error` is the errno of the step named by `stage` and any child was reaped.
struct Spawned {
  pid_t pid = -1;
  int error = 0;
  const char* stage = "";
};

/// Starts the child: own process group, stdio from the request, other fds closed, signal
/// dispositions default and mask empty, supplementary groups/gid/uid from run_as (in that order),
/// parent-death SIGTERM, then execve. Returns once the child has exec'd or failed.
Spawned spawn_process(const SpawnRequest& request);

}  // namespace vrrp::daemon::exec
