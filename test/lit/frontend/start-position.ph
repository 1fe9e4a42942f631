-- RUN: phononc %s --emit=ir | FileCheck %s
-- LANGUAGE §2.2: in a file, setCycle and nudge set where the render starts, in source order;
-- resetCycles goes back to 0.
tempo: 1
setCycle 4
resetCycles
setCycle 1
nudge 1/4
nudge 0.25
out: sine "<220 440> 330" * 0.2
-- CHECK: patch "{{.*}}start-position.ph" cps 1 start 3/2
