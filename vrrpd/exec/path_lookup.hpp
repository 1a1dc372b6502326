// Finding a script given by bare name in PATH, as keepalived does (with a warning) for
// commands configured without a '/'.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vrrp::daemon::exec {

/// The PATH the daemon searches: $PATH, or a root-friendly default when unset.
std::string default_search_path();

/// `name` itself when it contains '/'; otherwise the first `dir/name` along `search_path`
/// (':'-separated; an empty entry is the current directory) that is a regular file executable
/// by us. nullopt when nothing matches.
std::optional<std::string> resolve_command(std::string_view name, std::string_view search_path);

}  // namespace vrrp::daemon::exec
