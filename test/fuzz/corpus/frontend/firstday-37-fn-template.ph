fn kit p = s p # gain 0.8
@wet: delay 0.375 0.4 0.3 # reverb 0.6 0.5 0.2
out: kit "bd ~ sn ~" # @wet
