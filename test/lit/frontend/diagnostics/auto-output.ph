-- RUN: phononc %s --emit=ir -O0 2>&1 | FileCheck %s
-- No output: the top-level audio buses play at 0.25 (LANGUAGE §2.4); ~lfo feeds ~a, so it
-- is not top-level, and a constant is not audio.
~a: sine (~lfo * 100 + 440)
~lfo: sine 0.5
~b: saw 55
~k: 3
-- CHECK: auto-output.ph:[[@LINE-4]]:1: warning: no output defined; playing 0.25 × (~a + ~b)
-- CHECK: %[[SUM:[0-9]+]] = add(a %~a, b %~b)
-- CHECK: %[[Q:[0-9]+]] = const 0.25
-- CHECK: %[[OUT:[0-9]+]] = mul(a %[[SUM]], b %[[Q]])
-- CHECK: out 0, %[[OUT]]
