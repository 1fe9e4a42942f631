-- RUN: not phononc %s 2>&1 | FileCheck %s
fn mix2 a a = a + a
-- CHECK: function-definition.ph:[[@LINE-1]]:11: error: parameter `a` of `mix2` is named twice
-- CHECK: function-definition.ph:[[@LINE-2]]:9: note: first named here
fn lfo r = sine r
fn lfo r = saw r
-- CHECK: function-definition.ph:[[@LINE-1]]:4: error: function `lfo` is defined twice
-- CHECK: function-definition.ph:[[@LINE-3]]:4: note: first defined here
@t: sine 1
@t: sine 2
-- CHECK: function-definition.ph:[[@LINE-1]]:1: error: template `@t` is defined twice
out: lfo 2 + mix2 1 2 + @t
