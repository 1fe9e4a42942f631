-- RUN: not phononc %s 2>&1 | FileCheck %s
-- The opening bracket is reported, with a note where the statement ended.
out: sine (440 * 2
-- CHECK: unclosed-paren.ph:[[@LINE-1]]:11: error: unclosed '('
-- CHECK: unclosed-paren.ph:[[@LINE-2]]:19: note: the statement ends here
