-- RUN: phononc %s --emit=ir | FileCheck %s
-- RUN: phononc %s --emit=ir > %t.pir && phonon-opt %t.pir | FileCheck %s
-- An event port (LANGUAGE §7.2) takes the pattern's values and, on its internal ports, the
-- same pattern's onset and active columns; a number is a pure pattern.
tempo: 1
out: trig "t t f t" * 0.5 + tadsr "t ~ t ~" 0.01 0.02 0.5 0.05 * 0.25 + gate 1 * 0.1
-- CHECK-DAG: %[[ON:[0-9]+]] = pattern {{[0-9]+}} "t t f t":bool onset : f32 event
-- CHECK-DAG: %[[ACT:[0-9]+]] = pattern {{[0-9]+}} "t t f t":bool active : f32 event
-- CHECK-DAG: %[[VAL:[0-9]+]] = pattern {{[0-9]+}} "t t f t":bool : f32 event
-- CHECK-DAG: trig(bools %[[VAL]], bools.onset %[[ON]], bools.active %[[ACT]]) : f32 event
-- CHECK-DAG: %[[EON:[0-9]+]] = pattern {{[0-9]+}} "t ~ t ~":bool onset : f32 event
-- CHECK-DAG: %[[EACT:[0-9]+]] = pattern {{[0-9]+}} "t ~ t ~":bool active : f32 event
-- CHECK-DAG: %[[EVAL:[0-9]+]] = pattern {{[0-9]+}} "t ~ t ~":bool : f32 event
-- CHECK-DAG: tadsr(bools %[[EVAL]], a %{{[0-9]+}}, d %{{[0-9]+}}, s %{{[0-9]+}}, r %{{[0-9]+}}, bools.onset %[[EON]], bools.active %[[EACT]]) : f32 audio
-- CHECK-DAG: %[[GON:[0-9]+]] = pattern {{[0-9]+}} 1 onset : f32 event
-- CHECK-DAG: gate(bools %{{[0-9]+}}, bools.onset %[[GON]], bools.active %{{[0-9]+}}) : f32 event
