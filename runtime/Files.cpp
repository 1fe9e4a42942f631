#include "phonon/rt/Files.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace phonon::rt {

namespace {

// The temporary files a fatal signal must remove. The handler may only call async-signal-safe
// functions, so the paths live in fixed slots it reads without locks: a slot is claimed (Busy)
// while its path is copied in and only then published (Armed).
enum SlotState : int { Free, Busy, Armed };
struct TempFileSlot {
  std::atomic<int> state{Free};
  char path[PATH_MAX] = {};
};
// Constant-initialised: zero pages in .bss until used, where a constructor that stored each
// slot's state touched 16 pages at every start of every program.
constinit std::array<TempFileSlot, 16> tempFileSlots;

extern "C" void removeTempFilesAndDie(int signal) {
  for (TempFileSlot& slot : tempFileSlots)
    if (slot.state.load() == Armed) unlink(slot.path);
  // Die of the same signal, so the parent sees the conventional status (130 for SIGINT).
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(signal, &fallback, nullptr);
  raise(signal); // pending until this handler returns, then fatal
}

void installSignalCleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    // SIGXFSZ: a write past the file-size limit (ulimit -f), whose default kills the process.
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGXFSZ}) {
      struct sigaction old {};
      if (sigaction(signal, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
      struct sigaction action {};
      action.sa_handler = removeTempFilesAndDie;
      sigemptyset(&action.sa_mask);
      sigaction(signal, &action, nullptr);
    }
  });
}

void armTempFile(const std::string& path) {
  if (path.size() >= PATH_MAX) return; // not protected; the path cannot be held
  installSignalCleanup();
  for (TempFileSlot& slot : tempFileSlots) {
    int expected = Free;
    if (!slot.state.compare_exchange_strong(expected, Busy)) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.state.store(Armed);
    return;
  }
}

void disarmTempFile(const std::string& path) {
  for (TempFileSlot& slot : tempFileSlots)
    if (slot.state.load() == Armed && path == slot.path) {
      slot.state.store(Free);
      return;
    }
}

} // namespace

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
  armTempFile(tempPath);
  return fd;
}

bool commitTempFile(const std::string& tempPath, const std::string& target, std::string& error) {
#if defined(RENAME_EXCHANGE)
  // Over an existing file, the two names are swapped and the old file, now under the temporary
  // name, removed: readers see the old file or the new one whole, as with a rename. A rename
  // over a file makes ext4 (auto_da_alloc) allocate and start writing the new file's blocks
  // before it returns and then free the old file's, which kept a 23 MB render waiting on the
  // disk for 13-100 ms; an exchange does neither, and the unlink after it took 2-24 ms.
  // Only a regular file is exchanged: rename refuses to replace a directory, and so must this.
  struct stat existing {};
  if (lstat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
      renameat2(AT_FDCWD, tempPath.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    unlink(tempPath.c_str()); // the old file (the signal cleanup covers it until here)
    disarmTempFile(tempPath);
    return true;
  }
  // No file there, or a file system without exchanges: a plain rename.
#endif
  if (std::rename(tempPath.c_str(), target.c_str()) != 0) {
    error = "cannot write " + target + ": " + std::strerror(errno);
    removeTempFile(tempPath);
    return false;
  }
  disarmTempFile(tempPath);
  return true;
}

void removeTempFile(const std::string& tempPath) {
  std::remove(tempPath.c_str());
  disarmTempFile(tempPath);
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
      removeTempFile(temp);
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    removeTempFile(temp);
    return false;
  }
  return commitTempFile(temp, path, error);
}

} // namespace phonon::rt
