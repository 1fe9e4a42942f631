-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A cycle through signal buses is feedback; a cycle through pattern buses is an error.
~p: fast 2 ~q
~q: ~p
-- CHECK: feedback.ph:[[@LINE-1]]:5: error: patterns cannot be defined in terms of themselves
out: sine ~p
