// Files that appear complete or not at all: written under a temporary name beside the target
// and renamed into place (LANGUAGE §9.3: a failed write leaves no partial file).
#pragma once

#include <string>

namespace phonon::rt {

/// Creates `.NAME.tmp-XXXXXX` beside `target` with the permissions a new file would get.
/// Returns its descriptor (and its path in `tempPath`), or -1 with `error` set. Until it is
/// committed or removed, SIGINT, SIGTERM and SIGHUP remove it before the process dies of the
/// signal (a handler is installed for each signal that is not ignored).
int createTempFileBeside(const std::string& target, std::string& tempPath, std::string& error);

/// Renames a temporary file from createTempFileBeside over `target`; on failure removes it.
bool commitTempFile(const std::string& tempPath, const std::string& target, std::string& error);

/// Removes a temporary file from createTempFileBeside.
void removeTempFile(const std::string& tempPath);

/// Writes `data` to a temporary file beside `path` and renames it into place.
bool writeFileAtomically(const std::string& path, const std::string& data, std::string& error);

} // namespace phonon::rt
