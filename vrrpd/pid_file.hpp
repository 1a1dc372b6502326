// keepalived-style pid files (-p, -r): refuse to start over a live daemon, write our pid,
// remove the file on exit.
#pragma once

#include <string>
#include <system_error>

namespace vrrp::daemon {

class PidFile {
 public:
  PidFile() = default;
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

  /// Fails with file_exists when `path` names a running process other than us.
  static std::error_code check_not_running(const std::string& path);
  /// Writes the calling process's pid (call after daemonising). Removed by the destructor.
  std::error_code write(const std::string& path);

 private:
  std::string path_;
};

}  // namespace vrrp::daemon
