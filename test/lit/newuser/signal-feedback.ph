-- RUN: phononc %s
-- Loops with a signal in them are feedback (LANGUAGE §2.3): through a filter, an oscillator,
-- or a per-sample operator.
~imp: "1 0 0 0" * 0.5
~echo: ~imp ~+ ~echo * 0.5
~ring: sine 3 + ~ring * 0.5
~wet: ~imp + (~wet # lpf 2000 0.7) * 0.6
out: (~echo + ~ring + ~wet) * 0.1
