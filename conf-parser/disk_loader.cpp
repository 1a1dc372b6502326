// The real FileLoader: regular files read whole, patterns expanded by glob(3).
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf-parser/source.hpp"

namespace vrrp::conf {

namespace {

class DiskLoader final : public FileLoader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> out;
    struct stat st {};
    // A directory or device is "not readable" as a config file.
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      // Straight into a buffer of the file's size: a large config is then touched once, not
      // regrown and copied (the size is only a start: a file may change while read).
      std::string data(static_cast<std::size_t>(st.st_size) + 1, '\0');
      std::size_t used = 0;
      ssize_t n = 0;
      for (;;) {
        if (used == data.size()) data.resize(data.size() * 2);
        n = ::read(fd, data.data() + used, data.size() - used);
        if (n <= 0) break;
        used += static_cast<std::size_t>(n);
      }
      data.resize(used);
      if (n == 0) out = std::move(data);
    }
    ::close(fd);
    return out;
  }

  std::vector<std::string> glob(const std::string& pattern) override {
    glob_t g{};
    std::vector<std::string> out;
    if (::glob(pattern.c_str(), GLOB_BRACE, nullptr, &g) == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    }
    ::globfree(&g);
    return out;
  }
};

}  // namespace

std::unique_ptr<FileLoader> make_disk_loader() { return std::make_unique<DiskLoader>(); }

}  // namespace vrrp::conf
