-- Five detuned saws, each through a low-pass whose cutoff its own slow LFO sweeps: the
-- filters form a bank (vectorize-across-nodes), whose lanes must each write in place only the
-- buffer they read (allocate-buffers), or one lane overwrites the next lane's input.
tempo: 0.5
~f0: saw 110 # lpf (sine 0.10 * 2000 + 2500) 2
~f1: saw 110.5 # lpf (sine 0.11 * 2000 + 2500) 2
~f2: saw 111 # lpf (sine 0.12 * 2000 + 2500) 2
~f3: saw 109.5 # lpf (sine 0.13 * 2000 + 2500) 2
~f4: saw 109 # lpf (sine 0.14 * 2000 + 2500) 2
out: (~f0 + ~f1 + ~f2 + ~f3 + ~f4) * 0.1
