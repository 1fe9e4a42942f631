-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 9 (synth voices), verbatim below.
tempo: 1
out: synth "c4 e4 g4 ~" "saw" 0.01 0.1 0.6 0.2 # lpf 2000 1
-- (9) each gate closes at its event end and releases over 0.2 s: c4 sounds 0–0.45 s,
--     e4 0.25–0.70 s, g4 0.5–0.95 s; silence in 0.95–1 s
-- `synth` is a sound pattern: each event a map of its frequency, waveform and envelope, played
-- as voices (stereo: the voices' left channel, then `right`), each channel filtered.
-- CHECK: %[[L:[0-9]+]] = voices 0 ((((((freq "c4 e4 g4 ~") |> (wave "saw":sound)) |> (attack 0.01)) |> (decay 0.1)) |> (sustain 0.6)) |> (release 0.2)) : f32 audio
-- CHECK-NEXT: %[[R:[0-9]+]] = right %[[L]] : f32 audio
-- CHECK-DAG: lpf(in %[[L]],
-- CHECK-DAG: lpf(in %[[R]],
