// getpwnam/getgrnam lookups for run-as identities (done at config time, never in the child).
#include "vrrpd/exec/run_as.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace vrrp::daemon::exec {

std::expected<Identity, std::string> lookup_identity(std::string_view user, std::string_view group) {
  const std::string user_name(user);
  const passwd* pw = ::getpwnam(user_name.c_str());
  if (!pw) return std::unexpected("unknown user " + user_name);
  Identity id;
  id.run_as.uid = pw->pw_uid;
  id.run_as.gid = pw->pw_gid;
  const gid_t primary = pw->pw_gid;
  bool supplementary = false;
  if (!group.empty()) {
    if (group.front() == ':') {
      supplementary = true;
      group.remove_prefix(1);
    }
    const std::string group_name(group);
    const struct group* gr = ::getgrnam(group_name.c_str());
    if (!gr) return std::unexpected("unknown group " + group_name);
    id.run_as.gid = gr->gr_gid;
  }
  if (supplementary) {
    int count = 32;
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    if (::getgrouplist(user_name.c_str(), primary, groups.data(), &count) < 0) {
      groups.resize(static_cast<std::size_t>(count));
      ::getgrouplist(user_name.c_str(), primary, groups.data(), &count);
    }
    groups.resize(static_cast<std::size_t>(count));
    id.run_as.groups = std::move(groups);
  }
  id.root = *id.run_as.uid == 0 || *id.run_as.gid == 0;
  return id;
}

std::expected<DefaultIdentity, std::string> default_identity(std::string_view script_user,
                                                             std::string_view script_group) {
  if (!script_user.empty()) {
    auto id = lookup_identity(script_user, script_group);
    if (!id) return std::unexpected(id.error());
    return DefaultIdentity{*id, false};
  }
  if (::getpwnam("keepalived_script")) {
    auto id = lookup_identity("keepalived_script");
    if (!id) return std::unexpected(id.error());
    return DefaultIdentity{*id, false};
  }
  DefaultIdentity d;
  d.identity.root = ::geteuid() == 0 || ::getegid() == 0;
  d.fell_back_to_daemon = true;
  return d;
}

}  // namespace vrrp::daemon::exec
