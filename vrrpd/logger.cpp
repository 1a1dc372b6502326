// Logger destinations: syslog(3) and a timestamped console line on stderr.
#include "vrrpd/logger.hpp"

#include <syslog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace vrrp::daemon {

namespace {

int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return LOG_ERR;
    case LogLevel::Warning: return LOG_WARNING;
    case LogLevel::Notice: return LOG_NOTICE;
    case LogLevel::Info: return LOG_INFO;
    case LogLevel::Debug: return LOG_DEBUG;
  }
  return LOG_INFO;
}

}  // namespace

Logger::Logger(Options options) : options_(options) {
  if (options_.syslog) {
    ::openlog("vrrpd", LOG_PID | LOG_NDELAY, options_.facility < 0 ? LOG_DAEMON : options_.facility);
  }
}

Logger::~Logger() {
  if (options_.syslog) ::closelog();
}

void Logger::log(LogLevel level, std::string_view line) {
  if (!enabled(level)) return;
  if (sink_) {
    sink_(level, line);
    return;
  }
  if (options_.syslog) {
    ::syslog(syslog_priority(level), "%.*s", static_cast<int>(line.size()), line.data());
  }
  if (options_.console) {
    // keepalived's console form: "Sun Nov 22 01:35:23 2026: message".
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char stamp[64];
    const auto n = std::strftime(stamp, sizeof stamp, "%a %b %e %H:%M:%S %Y", &tm);
    std::fprintf(stderr, "%.*s: %.*s\n", static_cast<int>(n), stamp, static_cast<int>(line.size()),
                 line.data());
    std::fflush(stderr);
  }
}

}  // namespace vrrp::daemon
