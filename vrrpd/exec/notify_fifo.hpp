// notify_fifo / vrrp_notify_fifo (keepalived-surface.md §4.2): event lines written to a FIFO
// without ever blocking, plus the optional fifo script started with the FIFO path appended.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "vrrpd/exec/command.hpp"
#include "vrrpd/exec/notify_event.hpp"
#include "vrrpd/exec/script_runner.hpp"

namespace vrrp::daemon::exec {

/// `runner` must outlive the FIFO.
class NotifyFifo {
 public:
  /// `buffer_limit`: bytes kept for a reader that is behind once the pipe itself is full;
  /// beyond it whole lines are dropped and counted (keepalived drops them silently).
  NotifyFifo(boost::asio::io_context& io, ScriptRunner& runner, std::size_t buffer_limit = 64 * 1024);
  /// close().
  ~NotifyFifo();
  NotifyFifo(const NotifyFifo&) = delete;
  NotifyFifo& operator=(const NotifyFifo&) = delete;

  /// Creates the FIFO if absent (mode 0600, like keepalived's 0644 under its 0177 umask, owned
  /// by `owner_uid`/`owner_gid` when given), refuses an existing non-FIFO, opens it
  /// O_RDWR|O_NONBLOCK (so it needs no reader and never blocks), then starts `script` (if any)
  /// with the path appended as its last argument. Returns an error message, or nullopt.
  std::optional<std::string> open(const std::string& path, std::optional<Command> script = std::nullopt,
                                  std::optional<uid_t> owner_uid = std::nullopt,
                                  std::optional<gid_t> owner_gid = std::nullopt);
  /// SIGTERMs the fifo script, closes the FIFO (unsent buffered lines are lost) and unlinks it
  /// if open() created it. keepalived stops the script *before* the final STOP lines; callers
  /// who want the same call stop_script() first.
  void close();
  /// SIGTERM to the fifo script (it gets SIGKILL 2 s later if still there).
  void stop_script();

  /// Writes one event line (fifo_line()). No-op when not open.
  void write(NotifyScope scope, std::string_view name, NotifyEvent event, int priority);
  /// Writes raw text (one or more whole lines).
  void write(std::string_view text);

  bool is_open() const { return fd_.has_value(); }
  const std::string& path() const { return path_; }
  /// Lines handed to the kernel or waiting in our buffer; every such line reaches the reader
  /// whole and in order (unless close() discards the buffer).
  std::uint64_t lines_accepted() const { return lines_accepted_; }
  /// Lines refused because the reader was too far behind (pipe and buffer full).
  std::uint64_t lines_dropped() const { return lines_dropped_; }
  std::size_t buffered() const { return buffer_.size(); }
  /// The fifo script is running.
  bool script_running() const;

 private:
  void flush();
  void wait_writable();

  boost::asio::io_context& io_;
  ScriptRunner& runner_;
  std::size_t buffer_limit_;
  std::string path_;
  bool created_ = false;
  std::optional<boost::asio::posix::stream_descriptor> fd_;
  std::string buffer_;          // bytes not yet accepted by the pipe (whole lines)
  bool waiting_ = false;
  std::optional<ScriptRunner::RunId> script_;
  std::shared_ptr<bool> alive_;  // per open(): completions of an older open are ignored
  std::uint64_t lines_accepted_ = 0;
  std::uint64_t lines_dropped_ = 0;
};

}  // namespace vrrp::daemon::exec
