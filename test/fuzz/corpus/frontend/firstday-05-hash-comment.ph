# comment
out: s "bd ~ sn ~"
