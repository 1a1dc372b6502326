// The daemon's log: syslog and/or the console (-l), with -D enabling detail. Not on the hot
// path: packet logs are rate-limited by the caller before a line is ever formatted.
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <string_view>

namespace vrrp::daemon {

enum class LogLevel { Error, Warning, Notice, Info, Debug };

class Logger {
 public:
  struct Options {
    bool syslog = true;
    bool console = false;
    int facility = -1;  // a syslog LOG_* facility; -1: LOG_DAEMON
    int detail = 0;     // -D count; Debug lines need >= 1
  };
  using Sink = std::function<void(LogLevel, std::string_view)>;

  Logger() : Logger(Options{false, false, -1, 1}) {}
  explicit Logger(Options options);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  /// Writes one line (no trailing newline needed) to every enabled destination.
  void log(LogLevel level, std::string_view line);
  bool enabled(LogLevel level) const { return level != LogLevel::Debug || options_.detail > 0; }
  int detail() const { return options_.detail; }
  /// Tests and --config-test capture lines here instead of (not in addition to) syslog/console.
  void set_sink(Sink sink) { sink_ = std::move(sink); }

  /// Convenience: concatenates streamable parts, e.g. log.line(LogLevel::Info, "x=", 3).
  template <typename... Parts>
  void line(LogLevel level, const Parts&... parts) {
    if (!enabled(level)) return;
    std::ostringstream out;
    (out << ... << parts);
    log(level, out.str());
  }

 private:
  Options options_;
  Sink sink_;
};

}  // namespace vrrp::daemon
