-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A valid pattern parses; playing it in the graph is the next version's work, and says so.
out: sine "<110 220>*2 [330 440](3,8)"
-- CHECK: valid.ph:[[@LINE-1]]:11: error: patterns (string literals) cannot drive the graph yet
-- CHECK: note: this version plays numbers and signals only; `phonon query` shows the events of a pattern
-- CHECK-NOT: error
