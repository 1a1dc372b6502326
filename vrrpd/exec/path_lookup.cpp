// PATH search for bare command names.
#include "vrrpd/exec/path_lookup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace vrrp::daemon::exec {

std::string default_search_path() {
  if (const char* p = std::getenv("PATH"); p && *p) return p;
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

std::optional<std::string> resolve_command(std::string_view name, std::string_view search_path) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string_view::npos) return std::string(name);
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = search_path.find(':', start);
    const std::string_view dir =
        search_path.substr(start, colon == std::string_view::npos ? colon : colon - start);
    std::string candidate = dir.empty() ? std::string(".") : std::string(dir);
    candidate += '/';
    candidate += name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    start = colon + 1;
  }
}

}  // namespace vrrp::daemon::exec
