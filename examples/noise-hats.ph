-- Noise through a resonant high-pass, its level swept by a fast triangle.
~level: tri 4 * 0.5 + 0.5
out: noise # hpf 8000 3 * ~level * 0.2
