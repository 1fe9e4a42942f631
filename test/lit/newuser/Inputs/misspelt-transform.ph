out: sine ("c4 e4" $ fastt 2)
