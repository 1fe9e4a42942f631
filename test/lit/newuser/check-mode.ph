-- RUN: not phononc %s 2>&1 | FileCheck %s
-- RUN: not phonon render %s -o %t.wav 2>&1 | FileCheck %s
-- `phononc FILE` checks for every error `phonon render` reports, so a patch it accepts renders:
-- a node whose kernel is not written yet is one of them.
out: saw 110 # tap "probe.wav" 1 * 0.5
-- CHECK: check-mode.ph:[[@LINE-1]]:16: error: `tap` is not available yet: its kernel is not written
