-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Recursion, direct or through other functions, is an error with the loop spelled out.
fn down x = down (x * 0.5)
-- CHECK: function-recursion.ph:[[@LINE-1]]:13: error: function `down` calls itself (recursion is not allowed)
-- CHECK-NEXT: fn down x = down (x * 0.5)
-- CHECK-NEXT: {{^            \^~~~$}}
-- CHECK-NEXT: note: the definitions form a loop: down → down
fn ping x = pong x + 1
fn pong y = ping y * 2
-- CHECK: function-recursion.ph:[[@LINE-1]]:13: error: function `ping` calls itself (recursion is not allowed)
-- CHECK: note: the definitions form a loop: ping → pong → ping
out: sine (down 440) + sine (ping 2)
-- CHECK-NOT: error
