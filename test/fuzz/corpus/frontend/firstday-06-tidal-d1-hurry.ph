d1 $ sound "bd*2 [~ sn]" # speed 2 $ hurry 2
