d1 $ sound "bd*4"
