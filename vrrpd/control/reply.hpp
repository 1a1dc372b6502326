// JSON renderings of the snapshot values: the "result" members of status, stats and explain
// replies (PROTOCOL.md lists every field).
#pragma once

#include <string>
#include <vector>

#include "vrrpd/control/json.hpp"
#include "vrrpd/control/status.hpp"

namespace vrrp::control {

/// {"daemon": {...}, "instances": [...]}
Json status_result(const Snapshot& snapshot);
/// {"instances": [...counters...], "router": {...}}; `only` non-null: that instance alone.
Json stats_result(const Snapshot& snapshot, const InstanceStatus* only);
/// {"instance": {...}, "priority": {...}, ..., "text": "...", "hints": [...]}
Json explain_result(const Explanation& explanation);

/// One instance as in status (also the "instance" member of explain).
Json instance_json(const InstanceStatus& status);
/// The per-VR counters, drops keyed by proto::counter_name().
Json counters_json(const proto::VrCounters& counters);

/// "2026-11-22T02:40:56Z" (UTC, whole seconds); empty for the epoch (unknown).
std::string iso8601(WallTime t);
/// "ipv4" / "ipv6".
std::string_view family_name(proto::Family family);

/// What would make the instance change state, one sentence per entry (`vrrpctl explain`).
std::vector<std::string> explain_hints(const Explanation& explanation);

}  // namespace vrrp::control
