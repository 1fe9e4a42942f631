out: s "cp ~ ~ cp" # delay 0.5 # delaytime 0.25 # delayfeedback 0.5
