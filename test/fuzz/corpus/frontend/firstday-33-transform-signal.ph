out: sine "110 220" $ fast 2
