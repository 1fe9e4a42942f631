out: sine ("c4 e4 g4" $ swingBy (1/3) 4 $ linger 0.25) * 0.2
