-- RUN: phononc %s --emit=ir | FileCheck %s
-- `stack`, `cat`, `fastcat` take a list of patterns (LANGUAGE §6.2); their items keep their
-- controls, so a stack of sound patterns is a sound pattern.
tempo: 1
out: sine (cat ["220 330", "440"] $ fast 2) * 0.2
-- CHECK: pattern 0 (("220 330" $ cat ["440"]) $ fast 2) hz : f32 event
out1: stack [s "bd*2", s "~ sn"] # gain 0.8
-- CHECK: voices 0 (((s "bd*2") $ stack [(s "~ sn")]) |> (gain 0.8)) : f32 audio
