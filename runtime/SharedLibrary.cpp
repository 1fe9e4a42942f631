#include "phonon/rt/SharedLibrary.h"

#include <dlfcn.h>

namespace phonon::rt {

bool SharedLibrary::open(const char* soname, std::string& error) {
  soname_ = soname;
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* why = dlerror();
    error = "cannot load " + soname_ + " (" + (why ? why : "unknown error") + ")";
    return false;
  }
  return true;
}

void* SharedLibrary::lookup(const char* name, std::string& error) const {
  void* symbol = handle_ ? dlsym(handle_, name) : nullptr;
  if (!symbol) error = soname_ + " has no " + name;
  return symbol;
}

} // namespace phonon::rt
