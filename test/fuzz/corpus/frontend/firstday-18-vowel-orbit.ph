d2 $ s "hh*8" # vowel "a" # orbit 1
