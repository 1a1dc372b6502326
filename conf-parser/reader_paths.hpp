// Path helpers of the include directive: csh-style brace expansion, wildcard detection and
// resolution relative to the including file's directory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace vrrp::conf::detail {

/// Expand `{a,b}` alternatives (nested, left to right, like glob(3) GLOB_BRACE). A brace
/// without a matching `}` is literal. At most `limit` results are returned.
std::vector<std::string> brace_expand(const std::string& pattern, std::size_t limit = 1024);

/// True if the pattern has a glob wildcard (`*`, `?` or `[`).
bool has_wildcard(const std::string& pattern);

/// Directory of a file path ("" for a bare file name, "/" for a file in the root).
std::string directory_of(const std::string& path);

/// `path` if absolute, else `dir/path`, lexically normalised.
std::string resolve_relative(const std::string& dir, const std::string& path);

}  // namespace vrrp::conf::detail
