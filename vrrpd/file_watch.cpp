// FileWatch: inotify on the parent directories, events matched back to watched file names.
#include "vrrpd/file_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace vrrp::daemon {

namespace {

constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;

std::pair<std::string, std::string> split_path(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  if (slash == 0) return {"/", path.substr(1)};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace

long read_track_file(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text)) return 0;
  return std::strtol(text.c_str(), nullptr, 10);
}

FileWatch::FileWatch(boost::asio::io_context& io, OnChange on_change)
    : io_(io), on_change_(std::move(on_change)) {}

FileWatch::~FileWatch() {
  *alive_ = false;
  if (fd_) fd_->close();
}

std::error_code FileWatch::watch(const std::string& path) {
  auto [dir, name] = split_path(path);
  for (const auto& p : paths_) {
    if (p.dir == dir && p.name == name) return {};
  }
  if (!fd_) {
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return {errno, std::system_category()};
    fd_.emplace(io_, fd);
  }
  const int wd = ::inotify_add_watch(fd_->native_handle(), dir.c_str(), kMask);
  if (wd < 0) return {errno, std::system_category()};
  dirs_[wd] = dir;
  paths_.push_back(Watched{std::move(dir), std::move(name), path});
  wait();
  return {};
}

void FileWatch::clear() {
  if (fd_) {
    for (const auto& [wd, dir] : dirs_) ::inotify_rm_watch(fd_->native_handle(), wd);
  }
  dirs_.clear();
  paths_.clear();
}

void FileWatch::wait() {
  if (waiting_ || !fd_) return;
  waiting_ = true;
  std::weak_ptr<bool> alive = alive_;
  fd_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                  [this, alive](const boost::system::error_code& ec) {
                    if (alive.expired()) return;
                    waiting_ = false;
                    if (ec) return;
                    drain();
                    wait();
                  });
}

void FileWatch::drain() {
  alignas(inotify_event) char buf[4096];
  std::vector<std::string> changed;
  for (;;) {
    const ssize_t n = ::read(fd_->native_handle(), buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      const auto dir = dirs_.find(ev->wd);
      if (dir == dirs_.end() || ev->len == 0) continue;
      const std::string name(ev->name);
      for (const auto& w : paths_) {
        if (w.dir != dir->second || w.name != name) continue;
        bool seen = false;
        for (const auto& c : changed) seen = seen || c == w.path;
        if (!seen) changed.push_back(w.path);
      }
    }
  }
  // After the read loop: a handler may call watch()/clear().
  for (const auto& path : changed) on_change_(path);
}

}  // namespace vrrp::daemon
