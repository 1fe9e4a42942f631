-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Parts of the language that later versions add are clear errors, never silently ignored.
out: sine "110 220" $ fast 2
-- CHECK: not-yet.ph:[[@LINE-1]]:21: error: transforms applied with `$` are not available yet
~y: @wet
-- CHECK: not-yet.ph:[[@LINE-1]]:5: error: templates (`@wet`) are not available yet
fn kit p = s p
-- CHECK: not-yet.ph:[[@LINE-1]]:4: error: user functions (`fn`) are not available yet
~z: (|+ 12)
-- CHECK: not-yet.ph:[[@LINE-1]]:5: error: operator sections are not available yet
setCycle 4
-- CHECK: not-yet.ph:[[@LINE-1]]:1: error: `setCycle` (a start position) is not available yet
