// `phononc patch.ph -o patch`: links a patch's object code with the standalone main
// (tools/cli/StandaloneMain.cpp) and libphonon-rt into a program, through the system's C++
// compiler driver.
#pragma once

#include <string>

namespace phonon::tools {

/// Links `objectCode` (an object file's bytes, defining `phonon_patch`) into the program
/// `output`, which appears only when the link succeeded (nothing is left otherwise). The
/// driver is $PHONON_CXX, else the compiler this build used, else `c++` on the PATH; the
/// static libraries are this build tree's, or those in $PHONON_RUNTIME_DIR. False with `error`
/// set (the linker's own messages included) on failure.
bool linkStandaloneProgram(const std::string& objectCode, const std::string& output,
                           std::string& error);

} // namespace phonon::tools
