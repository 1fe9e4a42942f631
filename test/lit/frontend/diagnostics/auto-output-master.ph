-- RUN: phononc %s --emit=ir -O0 2>&1 | FileCheck %s
~master: ~voice * 0.5
~voice: tri 220
-- CHECK: auto-output-master.ph:[[@LINE-2]]:1: warning: no output defined; playing ~master
-- CHECK: out 0, %~master
