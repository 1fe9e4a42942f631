-- RUN: phononc %s 2>&1 | FileCheck %s
-- A bus nothing reads is a warning; the program still compiles.
~unused: sine 3
out: sine 440
-- CHECK: warnings.ph:[[@LINE-2]]:1: warning: bus `~unused` is never used
