#include "dpsi/audit/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

namespace dpsi::audit {
namespace {

[[noreturn]] void fail(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::string pattern = (directory / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(errno, "cannot write " + path.string());
  const std::string temporary(name.data());
  auto abandon = [&](int error, const std::string& what) {
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(error, what);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon(errno, "cannot write " + path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) abandon(errno, "cannot set permissions of " + path.string());
  if (::fsync(fd) != 0) abandon(errno, "cannot flush " + path.string());
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(error, "cannot write " + path.string());
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(error, "cannot replace " + path.string());
  }
}

void ensure_writable_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw std::system_error(error, "cannot create report directory " + directory.string());
  if (!std::filesystem::is_directory(directory, error)) {
    throw std::system_error(std::make_error_code(std::errc::not_a_directory),
                            "report path is not a directory: " + directory.string());
  }
  std::string pattern = (directory / ".dpsi-probe.XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(errno, "cannot write to report directory " + directory.string());
  ::close(fd);
  ::unlink(name.data());
}

}  // namespace dpsi::audit
