-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §3.6, §7.10: the conditional effect forms and their function forms.
out: saw 110 $ every 2 (fast 2 # lpf 300 1)
-- CHECK: conditional-effect.ph:[[@LINE-1]]:24: error: this function mixes pattern transforms and effects
-- CHECK: help: use two conditionals, one with the transforms and one with the effects
out1: every_effect (saw 110) 2
-- CHECK: conditional-effect.ph:[[@LINE-1]]:7: error: `every_effect` takes 3 arguments: `every_effect in n fx`
out2: saw 110 # every_effect 2 (fast 2)
-- CHECK: conditional-effect.ph:[[@LINE-1]]:32: error: `every_effect` applies an effect
-- CHECK: help: give it an effect section such as `(lpf 300 1)`
out3: "0 1" $ off 0.25 (# lpf 300 1)
-- CHECK: conditional-effect.ph:[[@LINE-1]]:27: error: an effect cannot be an argument of this transform
