-- RUN: phononc %s --emit=ir --passes=inline-buses,dce 2>/dev/null | FileCheck %s
-- RUN: phononc %s --emit=ir --passes=dce 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
-- A bus nothing plays is removed with everything only it reads; shared values stay.
~dead: saw (~shared * 3)
~shared: sine 2
out: ~shared * 0.5
-- WARN: dce.ph:4:1: warning: bus `~dead` is never used
-- CHECK-NOT: saw(
-- CHECK: %~shared = sine
-- CHECK-NOT: saw(
-- CHECK: out 0
