-- RUN: not phononc %s 2>&1 | FileCheck %s
-- CHECK: lexical.ph:[[@LINE+1]]:15: error: unexpected character '?'
out: sine 440 ? 2
-- An unterminated string runs to the end of the file, so it comes last.
-- CHECK: lexical.ph:[[@LINE+1]]:10: error: unterminated string: no closing '"'
~x: sine "110
