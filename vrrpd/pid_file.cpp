// PidFile: stale-file check through kill(pid, 0), plain write, unlink on destruction.
#include "vrrpd/pid_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

namespace vrrp::daemon {

PidFile::~PidFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

std::error_code PidFile::check_not_running(const std::string& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return {};
  if (pid == ::getpid()) return {};
  if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) {
    return std::make_error_code(std::errc::file_exists);
  }
  return {};
}

std::error_code PidFile::write(const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return {errno ? errno : EACCES, std::generic_category()};
  out << ::getpid() << "\n";
  out.close();
  if (!out) return {EIO, std::generic_category()};
  path_ = path;
  return {};
}

}  // namespace vrrp::daemon
