// Ownership/permission walk over a script's configured and resolved paths.
#include "vrrpd/exec/script_security.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vrrpd/exec/path_lookup.hpp"

namespace vrrp::daemon::exec {

namespace {

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string user_text(uid_t uid) {
  std::string s = std::to_string(uid);
  if (const passwd* pw = ::getpwuid(uid)) s += std::string(" (") + pw->pw_name + ")";
  return s;
}

std::string group_text(gid_t gid) {
  std::string s = std::to_string(gid);
  if (const group* gr = ::getgrgid(gid)) s += std::string(" (") + gr->gr_name + ")";
  return s;
}

/// "/", "/a", "/a/b", ... for an absolute path (repeated and trailing slashes ignored).
std::vector<std::string> prefixes(const std::string& path) {
  std::vector<std::string> out{"/"};
  std::string cur;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t end = path.find('/', i);
    const std::string part = path.substr(i, end == std::string::npos ? end : end - i);
    if (!part.empty()) {
      cur += "/" + part;
      out.push_back(cur);
    }
    if (end == std::string::npos) break;
    i = end;
  }
  return out;
}

/// The problem with one component, or nullopt.
std::optional<std::string> check_component(const std::string& component) {
  struct stat st {};
  if (::lstat(component.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return component + " not found";
    return "cannot check " + component + ": " + std::strerror(errno);
  }
  if (st.st_uid != 0) return component + " is owned by uid " + user_text(st.st_uid) + ", not root";
  if (S_ISLNK(st.st_mode)) return std::nullopt;  // a symlink's own mode bits mean nothing
  // A sticky directory (like /tmp) only lets owners rename or remove their own entries.
  if (S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX)) return std::nullopt;
  if (st.st_mode & S_IWOTH) return component + " is world-writable (mode " + octal_mode(st.st_mode) + ")";
  if ((st.st_mode & S_IWGRP) && st.st_gid != 0) {
    return component + " is writable by group " + group_text(st.st_gid) + " (mode " +
           octal_mode(st.st_mode) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> check_path(const std::string& path) {
  for (const auto& component : prefixes(path)) {
    if (auto problem = check_component(component)) return problem;
  }
  return std::nullopt;
}

}  // namespace

bool script_security_applies(const std::string& path, uid_t uid, gid_t gid) {
  if (uid == 0 || gid == 0) return true;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return true;
  return ((st.st_mode & S_ISUID) && st.st_uid == 0) || ((st.st_mode & S_ISGID) && st.st_gid == 0);
}

std::optional<std::string> check_script_security(std::string_view command,
                                                 std::string_view search_path) {
  const std::string shown(command);
  const std::string path_env = search_path.empty() ? default_search_path() : std::string(search_path);
  const auto resolved = resolve_command(command, path_env);
  if (!resolved) return "unsafe script " + shown + ": not found in PATH";
  std::string configured = *resolved;
  if (configured.front() != '/') {
    char cwd[PATH_MAX];
    if (!::getcwd(cwd, sizeof cwd)) return "unsafe script " + shown + ": cannot resolve relative path";
    configured = std::string(cwd) + "/" + configured;
  }
  const std::string prefix = "unsafe script " + configured + ": ";
  if (auto problem = check_path(configured)) return prefix + *problem;
  char real[PATH_MAX];
  if (!::realpath(configured.c_str(), real)) return prefix + configured + " not found";
  if (auto problem = check_path(real)) return prefix + *problem;
  return std::nullopt;
}

}  // namespace vrrp::daemon::exec
