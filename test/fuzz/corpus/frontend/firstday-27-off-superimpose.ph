out: n "0 7" $ off 0.25 (|+ 12) # s "arpy"
