out: note "0 .. 7" + "<0 12>" # s "superpiano"
