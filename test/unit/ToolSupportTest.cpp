// The tools' entry point (tools/ToolSupport.cpp): whatever escapes a command is reported as an
// internal error with exit code 1, never an abort.
#include "ToolSupport.h"

#include "phonon/support/Rational.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace phonon::tools {
namespace {

TEST(ToolSupportTest, AnEscapingExceptionIsAnInternalErrorWithExitCode1) {
  testing::internal::CaptureStderr();
  int rc = runWithLargeStack("phonon", []() -> int { throw RationalOverflow(); });
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "phonon: error: internal error: rational arithmetic overflowed 128 bits\n");
  EXPECT_EQ(rc, 1);

  testing::internal::CaptureStderr();
  rc = runWithLargeStack("phononc", []() -> int { throw 42; });
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "phononc: error: internal error: an unknown exception\n");
  EXPECT_EQ(rc, 1);
}

TEST(ToolSupportTest, ResultsPassThroughOnTheLargeStack) {
  EXPECT_EQ(runWithLargeStack("phonon-opt", [] { return 0; }), 0);
  EXPECT_EQ(runWithLargeStack("phonon-opt", [] { return 3; }), 3);
  // The stack is large: 64 MiB of locals in one frame fit.
  EXPECT_EQ(runWithLargeStack("phonon-opt",
                              [] {
                                volatile char big[64 << 20];
                                big[0] = 1;
                                big[sizeof big - 1] = 2;
                                return big[0] + big[sizeof big - 1];
                              }),
            3);
}

} // namespace
} // namespace phonon::tools
