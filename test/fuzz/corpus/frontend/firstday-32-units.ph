out: sine 440hz # lpf 1khz
