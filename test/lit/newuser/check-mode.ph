-- RUN: not phononc %s 2>&1 | FileCheck %s
-- RUN: not phonon render %s -o %t.wav 2>&1 | FileCheck %s
-- RUN: not test -e %t.wav
-- `phononc FILE` checks for every error `phonon render` reports, so a patch it accepts renders:
-- the checks after sema are among them, such as a constant expression that overflows.
out: saw 110 * (3e38 * 10) * 0.5
-- CHECK: check-mode.ph:[[@LINE-1]]:17: error: `*` of the constants 3e+38 and 10 is +inf; a signal must be a finite number
