-- Boolean patterns as event streams (LANGUAGE §7.2): `tadsr` shapes a bass on every true event
-- (the repeated `t t` retriggers), `trig` clicks on each onset through a resonant low-pass,
-- `tar` gives the noise its hits and `gate` holds a tone for the length of its events.
tempo: 0.5
~env: tadsr "t ~ t t ~ t ~ [t t]" 0.005 0.08 0.4 0.06
~clicks: trig "t*8" # lpf 2500 8
out: saw "55 82.5" # lpf 900 2 * ~env * 0.3 + ~clicks * 0.4
out1: noise # hpf 6000 1 * tar "~ t ~ t*2" 0.002 0.08 * 0.2 + sine 660 * gate "~ ~ t ~" * 0.05
