// Output lines for PacketReport: one human-readable line, or one JSON object with a fixed key
// order (every key always present, null when unknown) so that scripts can rely on it.
#pragma once

#include <string>

#include "vrrpd/vrrp-dump/packet_report.hpp"

namespace vrrp::dump {

/// One line, no trailing newline.
std::string format_text(const PacketReport& r);

/// One JSON object, no trailing newline.
std::string format_json(const PacketReport& r);

/// "2026-11-22T02:14:06.000123Z".
std::string format_time(std::int64_t sec, std::int64_t usec);

/// Names of the proto::Note bits set in `notes`, e.g. "address_list_differs".
std::vector<std::string> note_names(std::uint32_t notes);

}  // namespace vrrp::dump
