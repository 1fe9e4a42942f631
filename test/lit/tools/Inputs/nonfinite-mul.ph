-- An operator that overflows at run time (the sine passes 0.5 at 1/6 s).
out: sine 0.5 * 3e38 * 2
