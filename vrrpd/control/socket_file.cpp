// Control socket path preparation and cleanup (POSIX calls; no Asio needed here).
#include "vrrpd/control/socket_file.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vrrp::control {

namespace {

std::string errno_text(const std::string& what, int err) { return what + ": " + std::strerror(err); }

std::expected<void, std::string> make_dirs(const std::string& dir) {
  if (dir.empty() || dir == "/") return {};
  struct stat st{};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return std::unexpected(dir + " exists and is not a directory");
    return {};
  }
  const auto slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto r = make_dirs(dir.substr(0, slash)); !r) return r;
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return std::unexpected(errno_text("mkdir " + dir, errno));
  // mkdir's mode is filtered by the umask; the directory must end up exactly 0700.
  ::chmod(dir.c_str(), 0700);
  return {};
}

// True when something accepts connections on the socket at `path`.
bool socket_is_live(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 ||
                    errno == EAGAIN;  // a full backlog is still a live server
  ::close(fd);
  return live;
}

}  // namespace

std::expected<void, std::string> prepare_socket_path(const std::string& path) {
  if (path.empty()) return std::unexpected("control socket path is empty");
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return std::unexpected("control socket path is too long (max " +
                           std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + " bytes): " + path);
  }
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto r = make_dirs(path.substr(0, slash)); !r) return r;
  }
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return std::unexpected(errno_text("stat " + path, errno));
  }
  if (!S_ISSOCK(st.st_mode)) return std::unexpected(path + " exists and is not a socket; not removing it");
  if (socket_is_live(path)) return std::unexpected("another process is serving " + path + " (is vrrpd already running?)");
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return std::unexpected(errno_text("unlink stale " + path, errno));
  return {};
}

std::expected<SocketFileId, std::string> socket_file_id(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) return std::unexpected(errno_text("stat " + path, errno));
  return SocketFileId{st.st_dev, st.st_ino};
}

void remove_socket_file(const std::string& path, const SocketFileId& id) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && st.st_dev == id.dev && st.st_ino == id.ino) ::unlink(path.c_str());
}

}  // namespace vrrp::control
