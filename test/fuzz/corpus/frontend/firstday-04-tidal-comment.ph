-- my first beat
// not a comment in phonon
out: s "bd sn" # gain 0.9
