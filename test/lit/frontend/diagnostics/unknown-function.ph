-- RUN: not phononc %s 2>&1 | FileCheck %s --strict-whitespace
-- An unknown function is reported at the name, with the closest catalogue name.
out: sinee 440 * 0.2
-- CHECK:      unknown-function.ph:[[@LINE-1]]:6: error: unknown function `sinee`
-- CHECK-NEXT: {{^}}out: sinee 440 * 0.2{{$}}
-- CHECK-NEXT: {{^}}     ^~~~~{{$}}
-- CHECK-NEXT: {{^}}help: did you mean `sine`?{{$}}
