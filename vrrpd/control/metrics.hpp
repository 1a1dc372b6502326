// Prometheus text exposition format 0.0.4 for a Snapshot: per-instance state and priorities,
// every VR counter, router-wide drops and loop stalls (names listed in man/vrrpctl.8).
#pragma once

#include <string>
#include <string_view>

#include "vrrpd/control/status.hpp"

namespace vrrp::control {

inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

/// The whole /metrics body: every family has one HELP and one TYPE line, then its samples.
std::string render_metrics(const Snapshot& snapshot);

/// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(std::string_view value);

}  // namespace vrrp::control
