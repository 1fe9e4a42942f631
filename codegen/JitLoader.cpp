// Finds and loads libphonon-jit.so beside the executable (no LLVM in this file).
#include "phonon/codegen/JitModule.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>

namespace phonon::codegen {

const JitApi* loadJitModule(std::string& error) {
  // Loaded once, by whichever thread asks first (`phonon render` may start the load on a thread
  // of its own while the patch is parsed); the others wait for that load.
  struct Loaded {
    const JitApi* api = nullptr;
    std::string error;
  };
  static const Loaded loaded = [] {
    Loaded result;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    std::string dir = ".";
    if (n > 0) {
      exe[n] = '\0';
      dir = exe;
      dir = dir.substr(0, dir.find_last_of('/'));
    }
    std::string path = dir + "/libphonon-jit.so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      result.error =
          "cannot load the compiler module " + path + ": " + (why ? why : "unknown error");
    } else {
      auto entry = reinterpret_cast<const JitApi* (*)()>(dlsym(handle, "phonon_jit_api"));
      if (!entry)
        result.error = path + " is not a Phonon compiler module";
      else if (entry()->version != kJitApiVersion)
        result.error = path + " is from another version of Phonon";
      else
        result.api = entry();
    }
    return result;
  }();
  if (!loaded.api) error = loaded.error;
  return loaded.api;
}

} // namespace phonon::codegen
