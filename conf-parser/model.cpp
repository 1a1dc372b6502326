// Name lookups on the model.
#include "conf-parser/model.hpp"

namespace vrrp::conf {

const VrrpScript* Config::find_script(const std::string& name) const {
  for (const auto& s : vrrp_script) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const VrrpInstance* Config::find_instance(const std::string& name) const {
  for (const auto& i : vrrp_instance) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

}  // namespace vrrp::conf
