// vrrpctl's human output: tables and breakdowns rendered from reply "result" JSON, so the
// client needs nothing but the protocol (it never links the daemon's types).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "vrrpd/control/json.hpp"
#include "vrrpd/control/status.hpp"

namespace vrrp::control {

/// `now` is used for the "ago" column only.
std::string render_status(const Json& result, WallTime now);
std::string render_explain(const Json& result, WallTime now);
std::string render_stats(const Json& result);
/// reload / priority / release acknowledgements.
std::string render_done(const Json& result);

/// Aligns rows of cells into columns separated by two spaces (no trailing blanks).
std::string render_table(const std::vector<std::vector<std::string>>& rows);

/// "5s", "3m12s", "2h05m", "4d03h".
std::string format_age(std::chrono::seconds age);

}  // namespace vrrp::control
