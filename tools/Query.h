// `phonon query`: patterns queried from the command line, in the oracle's JSON format.
#pragma once

namespace phonon::tools {

int runQuery(int argc, char** argv);

} // namespace phonon::tools
