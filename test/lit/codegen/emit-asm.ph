-- RUN: phononc %s --emit=asm -O2 | FileCheck %s
out: tri 220 * 0.5
-- CHECK: phonon_process:
-- CHECK: phonon_patch:
