// libFuzzer target for the keepalived.conf reader (and the keyword parser when present): the
// input is one config file; `include` can reach a second copy of it, so cycles are exercised.
#include <fnmatch.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "conf-parser/source.hpp"
#if __has_include("conf-parser/parser.hpp") && !defined(VRRP_FUZZ_READER_ONLY)
#include "conf-parser/parser.hpp"
#define VRRP_FUZZ_PARSER 1
#endif

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
#ifdef VRRP_FUZZ_PARSER
  (void)vrrp::conf::parse(lines, diagnostics);
#endif
  return 0;
}
