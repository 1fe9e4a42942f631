out: s (cat ["bd sn", "hh hh hh", "<cp oh>"])
