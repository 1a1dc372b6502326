// NotifyFifo: mkfifo/open O_RDWR|O_NONBLOCK, write-or-buffer with a bound, fifo script.
#include "vrrpd/exec/notify_fifo.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace vrrp::daemon::exec {

namespace {

std::size_t count_lines(std::string_view text) {
  const auto n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return n == 0 ? 1 : n;
}

}  // namespace

NotifyFifo::NotifyFifo(boost::asio::io_context& io, ScriptRunner& runner, std::size_t buffer_limit)
    : io_(io), runner_(runner), buffer_limit_(buffer_limit) {}

NotifyFifo::~NotifyFifo() { close(); }

std::optional<std::string> NotifyFifo::open(const std::string& path, std::optional<Command> script,
                                            std::optional<uid_t> owner_uid,
                                            std::optional<gid_t> owner_gid) {
  close();
  struct stat st {};
  bool created = false;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return "notify fifo " + path + ": " + std::strerror(errno);
    if (::mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST) {
      return "notify fifo " + path + ": cannot create: " + std::strerror(errno);
    }
    created = true;
    if ((owner_uid || owner_gid) &&
        ::chown(path.c_str(), owner_uid.value_or(static_cast<uid_t>(-1)),
                owner_gid.value_or(static_cast<gid_t>(-1))) != 0) {
      const std::string err = std::strerror(errno);
      ::unlink(path.c_str());
      return "notify fifo " + path + ": cannot chown: " + err;
    }
  } else if (!S_ISFIFO(st.st_mode)) {
    return "notify fifo " + path + ": exists and is not a FIFO";
  }
  // O_RDWR: the open does not wait for a reader and writes never fail with EPIPE.
  const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const std::string err = std::strerror(errno);
    if (created) ::unlink(path.c_str());
    return "notify fifo " + path + ": cannot open: " + err;
  }
  path_ = path;
  created_ = created;
  fd_.emplace(io_, fd);
  alive_ = std::make_shared<bool>(true);
  if (script) {
    script->argv.push_back(path);
    script_ = runner_.run(*script, RunOptions{}, [this, alive = alive_](const RunResult&) {
      if (*alive) script_.reset();
    });
  }
  return std::nullopt;
}

void NotifyFifo::stop_script() {
  if (script_) runner_.terminate(*script_);
}

bool NotifyFifo::script_running() const { return script_ && runner_.running(*script_); }

void NotifyFifo::close() {
  stop_script();
  script_.reset();
  if (alive_) *alive_ = false;
  alive_.reset();
  if (fd_) {
    boost::system::error_code ignored;
    fd_->close(ignored);
    fd_.reset();
  }
  if (created_) ::unlink(path_.c_str());
  created_ = false;
  buffer_.clear();
  waiting_ = false;
}

void NotifyFifo::write(NotifyScope scope, std::string_view name, NotifyEvent event, int priority) {
  write(fifo_line(scope, name, event, priority));
}

void NotifyFifo::write(std::string_view text) {
  if (!fd_ || text.empty()) return;
  const std::size_t lines = count_lines(text);
  if (!buffer_.empty()) {
    // Keep order: nothing overtakes what is already waiting.
    if (buffer_.size() + text.size() > buffer_limit_) {
      lines_dropped_ += lines;
      return;
    }
    buffer_.append(text);
    lines_accepted_ += lines;
    return;
  }
  const ssize_t n = ::write(fd_->native_handle(), text.data(), text.size());
  if (n == static_cast<ssize_t>(text.size())) {
    lines_accepted_ += lines;
    return;
  }
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    lines_dropped_ += lines;
    return;
  }
  const std::size_t sent = n > 0 ? static_cast<std::size_t>(n) : 0;
  // A partly written line must be completed whatever the bound, or the reader sees garbage.
  if (sent == 0 && text.size() > buffer_limit_) {
    lines_dropped_ += lines;
    return;
  }
  buffer_.assign(text.substr(sent));
  lines_accepted_ += lines;
  wait_writable();
}

void NotifyFifo::wait_writable() {
  if (waiting_ || !fd_) return;
  waiting_ = true;
  fd_->async_wait(boost::asio::posix::stream_descriptor::wait_write,
                  [this, alive = alive_](const boost::system::error_code& ec) {
                    if (!*alive) return;
                    waiting_ = false;
                    if (!ec) flush();
                  });
}

void NotifyFifo::flush() {
  while (!buffer_.empty()) {
    const ssize_t n = ::write(fd_->native_handle(), buffer_.data(), buffer_.size());
    if (n > 0) {
      buffer_.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      wait_writable();
      return;
    }
    // Not expected on a FIFO we also hold open for reading; give up on what is queued.
    const std::size_t lost = static_cast<std::size_t>(std::count(buffer_.begin(), buffer_.end(), '\n'));
    lines_dropped_ += lost;
    lines_accepted_ -= std::min<std::uint64_t>(lines_accepted_, lost);
    buffer_.clear();
    return;
  }
}

}  // namespace vrrp::daemon::exec
