-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Nothing here plays: a constant bus is not audio.
tempo: 1
~level: 0.5
-- CHECK: missing-out.ph:1:1: error: the program has no output
-- CHECK: help: add an output such as `out: sine 440 * 0.2`
