# my first patch
-- RUN: not phononc %s 2>&1 | FileCheck %s
-- CHECK: comment-first-line.ph:1:1: error: a statement must define something
-- CHECK: help: comments start with `--`; `#` chains an effect or a control onto what precedes it
out: sine 440
