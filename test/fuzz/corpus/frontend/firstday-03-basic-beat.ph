bpm: 120
out: s "bd*2 [~ sn] hh*3 <cp oh>"
