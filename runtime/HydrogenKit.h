// Hydrogen drumkits as sample folders (LANGUAGE §8.1, docs/samples.md): a folder holding a
// drumkit.xml maps its instruments to sound names. Private to libphonon-rt's sample library.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace phonon::rt {

/// The sounds a drumkit provides: each sound name with its files, file 0 first.
struct HydrogenKit {
  std::string folder;
  std::vector<std::pair<std::string, std::vector<std::string>>> sounds;
};

/// The sound a Hydrogen instrument name maps to (`Kick` → `bd`, `Open Hat` → `oh`, … `perc`).
std::string hydrogenSoundFor(std::string_view instrumentName);

/// Reads `folder`/drumkit.xml. Throws SampleError naming the file when it does not parse, is not
/// a <drumkit_info>, or names a sample file that does not exist.
HydrogenKit readHydrogenKit(const std::string& folder);

} // namespace phonon::rt
