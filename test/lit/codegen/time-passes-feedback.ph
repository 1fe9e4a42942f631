-- RUN: phonon render %s -o %t.wav --duration 0.01 --quiet --no-cache --time-passes 2>&1 | FileCheck %s
-- A patch with feedback: the interpreter steps sample by sample (a value read one sample after
-- it is written), so the JIT's baseline code, faster than that, is its first tier; then the
-- quick code and the optimised code, as for a patch without (time-passes.ph).
~y: saw 110 * 0.1 + (~y # lpf 600 0.5) * 0.6
out: ~y
-- CHECK:      ; the interpreter renders from the first block; the JIT compiles on another thread and its code takes over when ready (its phases follow the render)
-- CHECK-NEXT: ;   total (source to runnable) {{[0-9]+\.[0-9]{3}$}}
-- CHECK-NEXT: ; the JIT's baseline code (the node functions called, not inlined), compiled on its own thread while the interpreter rendered:
-- CHECK:      ;   baseline ready after {{[0-9]+\.[0-9]{3}$}}
-- CHECK-NEXT: ; {{the render ended before the baseline code took over|the baseline code took over at sample [0-9]+}}
-- CHECK-NEXT: ; the JIT's quick code (the IR inlined and simplified, its machine code made at the code generator's -O0):
-- CHECK:      ;   quick code ready after {{[0-9]+\.[0-9]{3}$}}
-- CHECK:      ; then the JIT's optimised code:
-- CHECK:      ;   ready after {{[0-9]+\.[0-9]{3}$}}
