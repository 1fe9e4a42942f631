out: n "0 1 2 3" # s "drum" $ whenmod 8 6 rev $ chunk 4 (hurry 2)
