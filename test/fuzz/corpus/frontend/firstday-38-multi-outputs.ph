d1 $ s "bd*4"
d2 $ s "~ hh*2 ~ hh"
d3 $ n "0 .. 3" # s "arpy"
hush
