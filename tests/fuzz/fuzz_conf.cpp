// libFuzzer target for the keepalived.conf reader, parser, load/lower/dump path: the
// input is one config file; `include` can reach a second copy of it, so cycles are exercised.
#include <fnmatch.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "conf-parser/source.hpp"
#include "conf-parser/config.hpp"
#include "conf-parser/lower.hpp"
#include "conf-parser/parser.hpp"

namespace {

class FuzzLoader final : public vrrp::conf::FileLoader {
 public:
  explicit FuzzLoader(std::string data) : data_(std::move(data)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (path == "/f/keepalived.conf" || path == "/f/inc.conf") return data_;
    return std::nullopt;
  }
  std::vector<std::string> glob(const std::string& pattern) override {
    std::vector<std::string> out;
    for (const char* p : {"/f/inc.conf", "/f/keepalived.conf", "/f/unreadable.conf"}) {
      if (::fnmatch(pattern.c_str(), p, FNM_PATHNAME) == 0) out.emplace_back(p);
    }
    return out;
  }

 private:
  std::string data_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzLoader loader(std::string(reinterpret_cast<const char*>(data), size));
  vrrp::conf::ReaderOptions options;
  options.config_id = "a";
  options.random_seed = 1;
  options.max_work = std::size_t{1} << 16;  // bounds ~SEQ ranges, include fan-out, blow-ups
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "E") return std::string("${E} $E {x}");
    return std::nullopt;
  };
  std::vector<vrrp::conf::Diagnostic> diagnostics;
  auto lines = vrrp::conf::read_config("/f/keepalived.conf", loader, options, diagnostics);
  for (const auto& d : diagnostics) (void)d.to_string();
  (void)vrrp::conf::parse(lines, diagnostics);

  // The daemon's path: streaming load, -t verdict, lowering and --dump-config.
  vrrp::conf::LoadOptions load_options;
  load_options.config_id = "a";
  load_options.random_seed = 1;
  load_options.loader = &loader;
  load_options.max_work = options.max_work;
  load_options.getenv = options.getenv;
  const auto result = vrrp::conf::load("/f/keepalived.conf", load_options);
  (void)vrrp::conf::config_test_exit_code(result.diagnostics);
  (void)vrrp::conf::lower(*result.model);
  (void)vrrp::conf::dump_config_json(*result.model);
  return 0;
}
