out: s "break" $ chop 4 $ striate 2 # legato 1
