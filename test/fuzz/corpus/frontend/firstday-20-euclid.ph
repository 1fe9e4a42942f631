out: s "bd(3,8) sn(2,8,2) hh(5,8)"
