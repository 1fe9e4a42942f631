// Files that appear complete or not at all: written under a temporary name beside the target
// and renamed into place (LANGUAGE §9.3: a failed write leaves no partial file).
#pragma once

#include <string>

namespace phonon::rt {

/// Creates `.NAME.tmp-XXXXXX` beside `target` with the permissions a new file would get.
/// Returns its descriptor (and its path in `tempPath`), or -1 with `error` set.
int createTempFileBeside(const std::string& target, std::string& tempPath, std::string& error);

/// Writes `data` to a temporary file beside `path` and renames it into place.
bool writeFileAtomically(const std::string& path, const std::string& data, std::string& error);

} // namespace phonon::rt
