#include "LinkProgram.h"

#include "phonon/rt/Files.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace phonon::tools {

namespace {

#include "StandaloneLink.inc"

std::string baseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// The compiler driver: $PHONON_CXX, the one this build used if it is still there, else
/// `c++` from the PATH.
std::string compilerDriver() {
  if (const char* cxx = std::getenv("PHONON_CXX"); cxx && *cxx) return cxx;
  if (access(kStandaloneCompiler, X_OK) == 0) return kStandaloneCompiler;
  return "c++";
}

/// Writes `data` to a new temporary file `/tmp/phononc-XXXXXX.o` (or under $TMPDIR).
bool writeTempObject(const std::string& data, std::string& path, std::string& error) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/phononc-XXXXXX.o";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemps(name.data(), 2);
  if (fd < 0) {
    error = "cannot create a temporary object file in " + pattern.substr(0, pattern.rfind('/')) +
            ": " + std::strerror(errno);
    return false;
  }
  path = name.data();
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = "cannot write " + path + ": " + std::strerror(errno);
      close(fd);
      unlink(path.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  return true;
}

/// Runs `args` (args[0] looked up on the PATH), its standard output and error collected in
/// `output`. The exit status, or -1 with `error` set when it could not be started.
int runCollectingOutput(const std::vector<std::string>& args, std::string& output,
                        std::string& error) {
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipeFds[1]);
  if (rc != 0) {
    close(pipeFds[0]);
    error = "cannot run the linker '" + args[0] + "': " + std::strerror(rc) +
            " (set PHONON_CXX to a C++ compiler driver)";
    return -1;
  }
  char buf[4096];
  for (;;) {
    ssize_t n = read(pipeFds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  close(pipeFds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

} // namespace

bool linkStandaloneProgram(const std::string& objectCode, const std::string& output,
                           std::string& error) {
  const char* runtimeDir = std::getenv("PHONON_RUNTIME_DIR");
  std::vector<std::string> libraries;
  for (const char* recorded : kStandaloneLibraries) {
    std::string path = runtimeDir && *runtimeDir
                           ? std::string(runtimeDir) + "/" + baseName(recorded)
                           : std::string(recorded);
    if (access(path.c_str(), R_OK) != 0) {
      error = "cannot link " + output + ": the runtime library " + path + " is missing (" +
              (runtimeDir && *runtimeDir ? "PHONON_RUNTIME_DIR names the folder that should hold it"
                                         : "build it, or name its folder with PHONON_RUNTIME_DIR") +
              ")";
      return false;
    }
    libraries.push_back(path);
  }

  std::string object;
  if (!writeTempObject(objectCode, object, error)) return false;
  // The linker writes a temporary file beside the program, renamed over it once complete.
  std::string program;
  int fd = rt::createTempFileBeside(output, program, error);
  if (fd < 0) {
    unlink(object.c_str());
    return false;
  }
  close(fd);

  std::vector<std::string> args = {compilerDriver(), object, "-o", program};
  args.insert(args.end(), libraries.begin(), libraries.end());
  for (const char* lib : kStandaloneSystemLibraries) args.push_back(lib);
  std::string messages;
  int status = runCollectingOutput(args, messages, error);
  unlink(object.c_str());
  if (status != 0) {
    rt::removeTempFile(program);
    if (status > 0) {
      while (!messages.empty() && messages.back() == '\n') messages.pop_back();
      error = "cannot link " + output + ": " + args[0] + " exited with status " +
              std::to_string(status) + (messages.empty() ? "" : ":\n" + messages);
    }
    return false;
  }
  // A program, whatever mode the temporary file had: rwx as the umask allows.
  mode_t mask = umask(0);
  umask(mask);
  if (chmod(program.c_str(), 0777 & ~mask) != 0) {
    error = "cannot make " + output + " executable: " + std::strerror(errno);
    rt::removeTempFile(program);
    return false;
  }
  return rt::commitTempFile(program, output, error);
}

} // namespace phonon::tools
