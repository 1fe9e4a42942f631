// `phonon play`: a patch on the sound card, through the playback library (runtime/play).
#pragma once

namespace phonon::tools {

int runPlay(int argc, char** argv);

} // namespace phonon::tools
