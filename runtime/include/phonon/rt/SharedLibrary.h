// Libraries loaded when a command first needs them (dlopen), not linked: a linked library and
// the libraries it links are loaded and relocated at the start of every process.
#pragma once

#include <string>

namespace phonon::rt {

/// A shared library opened by name, and its functions looked up by name.
class SharedLibrary {
public:
  /// Loads the library `soname` (RTLD_NOW | RTLD_LOCAL; it stays loaded); false with `error`
  /// set ("cannot load SONAME (why)") when it cannot be.
  bool open(const char* soname, std::string& error);
  /// Looks the function `name` up into `function`; false with `error` set ("SONAME has no
  /// NAME") when the library does not have it.
  template <typename Function>
  bool find(Function& function, const char* name, std::string& error) const {
    function = reinterpret_cast<Function>(lookup(name, error));
    return function != nullptr;
  }

private:
  void* lookup(const char* name, std::string& error) const;

  void* handle_ = nullptr;
  std::string soname_;
};

} // namespace phonon::rt
