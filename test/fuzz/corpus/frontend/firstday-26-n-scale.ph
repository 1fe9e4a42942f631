out: sine (n "0 2 4 5" # scale "major" + 60) * 0.2
