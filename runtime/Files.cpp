#include "phonon/rt/Files.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace phonon::rt {

int createTempFileBeside(const std::string& target, std::string& tempPath, std::string& error) {
  size_t slash = target.find_last_of('/');
  std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string templ = dir + "." + base + ".tmp-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    error = "cannot create " + target + ": " + std::strerror(errno);
    return -1;
  }
  // mkstemp creates the file 0600; give it the mode a plain new file would have.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  tempPath = name.data();
  return fd;
}

bool writeFileAtomically(const std::string& path, const std::string& data, std::string& error) {
  std::string temp;
  int fd = createTempFileBeside(path, temp, error);
  if (fd < 0) return false;
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write " + path + ": " + std::strerror(errno);
      close(fd);
      std::remove(temp.c_str());
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (close(fd) != 0 || std::rename(temp.c_str(), path.c_str()) != 0) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

} // namespace phonon::rt
