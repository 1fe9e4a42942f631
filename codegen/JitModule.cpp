// The entry point of libphonon-jit.so.
#include "phonon/codegen/JitModule.h"

extern "C" __attribute__((visibility("default"))) const phonon::codegen::JitApi* phonon_jit_api() {
  static const phonon::codegen::JitApi api{phonon::codegen::kJitApiVersion,
                                           &phonon::codegen::compileJit,
                                           &phonon::codegen::loadObjectFile};
  return &api;
}
