// track_file change notification: one inotify descriptor on the daemon's loop (an Asio
// stream_descriptor, no polling). Directories are watched rather than the files themselves, so
// a file replaced by rename (the usual atomic update) or created later is still seen.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace vrrp::daemon {

class FileWatch {
 public:
  /// `on_change` gets the watched path (as given to watch()) after it was written and closed,
  /// renamed into place, or deleted.
  using OnChange = std::function<void(const std::string& path)>;

  FileWatch(boost::asio::io_context& io, OnChange on_change);
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

  /// Starts watching `path` (its directory must exist). Idempotent per path.
  std::error_code watch(const std::string& path);
  /// Forgets every path (reload builds the set again).
  void clear();
  std::size_t watched() const { return paths_.size(); }

 private:
  void wait();
  void drain();

  boost::asio::io_context& io_;
  OnChange on_change_;
  std::optional<boost::asio::posix::stream_descriptor> fd_;
  std::map<int, std::string> dirs_;                        // watch descriptor → directory
  struct Watched {
    std::string dir, name, path;  // path as given to watch()
  };
  std::vector<Watched> paths_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool waiting_ = false;
};

/// The integer a track_file holds: leading whitespace, optional sign, digits (strtol); a missing
/// or unreadable file, or one not starting with a number, reads as 0 (keepalived).
long read_track_file(const std::string& path);

}  // namespace vrrp::daemon
