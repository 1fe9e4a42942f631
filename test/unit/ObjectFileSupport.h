// Object files in tests: emitObject's bytes loaded as `phonon render x.o` loads a file.
#pragma once

#include "phonon/codegen/Codegen.h"
#include "phonon/rt/Patch.h"

#include <cstdio>
#include <memory>
#include <string>
#include <unistd.h>

namespace phonon::test {

/// `object` written to a temporary file, loaded by ORC, the file removed; null (and `error`)
/// when it does not load.
inline std::unique_ptr<rt::Patch> loadObjectBytes(const std::string& object, std::string& error) {
  char path[] = "/tmp/phonon-object-test-XXXXXX.o";
  int fd = mkstemps(path, 2);
  if (fd < 0) {
    error = "cannot create a temporary file";
    return nullptr;
  }
  bool written = write(fd, object.data(), object.size()) == static_cast<ssize_t>(object.size());
  close(fd);
  auto loaded = written ? codegen::loadObjectFile(path, error) : nullptr;
  std::remove(path);
  if (!written) error = "cannot write the object to " + std::string(path);
  return loaded;
}

} // namespace phonon::test
