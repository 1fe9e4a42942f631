-- RUN: phononc %s --emit=llvm -O2 | FileCheck %s
-- Generated code assumes the flush-to-zero environment the runtime sets (DESIGN §7).
out: sine 440
-- CHECK: define void @phonon_process({{.*}}) #[[ATTR:[0-9]+]]
-- CHECK: attributes #[[ATTR]] = {{{.*}}"denormal-fp-math"="preserve-sign,preserve-sign"
