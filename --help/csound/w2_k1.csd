<CsoundSynthesizer>
<CsInstruments>
sr = 48000
ksmps = 1
nchnls = 1
0dbfs = 1
giSin ftgen 1, 0, 65536, 10, 1
instr 1
aS = 0
aP phasor 55.0
aS = aS + (aP*2 - 1)
aP phasor 55.05499999999999
aS = aS + (aP*2 - 1)
aP phasor 55.11
aS = aS + (aP*2 - 1)
aP phasor 55.16499999999999
aS = aS + (aP*2 - 1)
aP phasor 55.22
aS = aS + (aP*2 - 1)
aP phasor 55.27499999999999
aS = aS + (aP*2 - 1)
aP phasor 55.33
aS = aS + (aP*2 - 1)
aP phasor 55.38499999999999
aS = aS + (aP*2 - 1)
aP phasor 55.44
aS = aS + (aP*2 - 1)
aP phasor 55.495
aS = aS + (aP*2 - 1)
aP phasor 55.55
aS = aS + (aP*2 - 1)
aP phasor 55.605
aS = aS + (aP*2 - 1)
aP phasor 55.660000000000004
aS = aS + (aP*2 - 1)
aP phasor 55.714999999999996
aS = aS + (aP*2 - 1)
aP phasor 55.77
aS = aS + (aP*2 - 1)
aP phasor 55.824999999999996
aS = aS + (aP*2 - 1)
aP phasor 55.88
aS = aS + (aP*2 - 1)
aP phasor 55.934999999999995
aS = aS + (aP*2 - 1)
aP phasor 55.99
aS = aS + (aP*2 - 1)
aP phasor 56.044999999999995
aS = aS + (aP*2 - 1)
aP phasor 56.1
aS = aS + (aP*2 - 1)
aP phasor 56.154999999999994
aS = aS + (aP*2 - 1)
aP phasor 56.21
aS = aS + (aP*2 - 1)
aP phasor 56.26499999999999
aS = aS + (aP*2 - 1)
aP phasor 56.32
aS = aS + (aP*2 - 1)
aP phasor 56.37499999999999
aS = aS + (aP*2 - 1)
aP phasor 56.43
aS = aS + (aP*2 - 1)
aP phasor 56.48499999999999
aS = aS + (aP*2 - 1)
aP phasor 56.54
aS = aS + (aP*2 - 1)
aP phasor 56.595
aS = aS + (aP*2 - 1)
aP phasor 56.65
aS = aS + (aP*2 - 1)
aP phasor 56.705
aS = aS + (aP*2 - 1)
aP phasor 56.760000000000005
aS = aS + (aP*2 - 1)
aP phasor 56.815
aS = aS + (aP*2 - 1)
aP phasor 56.870000000000005
aS = aS + (aP*2 - 1)
aP phasor 56.925
aS = aS + (aP*2 - 1)
aP phasor 56.980000000000004
aS = aS + (aP*2 - 1)
aP phasor 57.035
aS = aS + (aP*2 - 1)
aP phasor 57.09
aS = aS + (aP*2 - 1)
aP phasor 57.144999999999996
aS = aS + (aP*2 - 1)
aP phasor 57.2
aS = aS + (aP*2 - 1)
aP phasor 57.254999999999995
aS = aS + (aP*2 - 1)
aP phasor 57.31
aS = aS + (aP*2 - 1)
aP phasor 57.364999999999995
aS = aS + (aP*2 - 1)
aP phasor 57.42
aS = aS + (aP*2 - 1)
aP phasor 57.474999999999994
aS = aS + (aP*2 - 1)
aP phasor 57.53
aS = aS + (aP*2 - 1)
aP phasor 57.584999999999994
aS = aS + (aP*2 - 1)
aP phasor 57.64
aS = aS + (aP*2 - 1)
aP phasor 57.69499999999999
aS = aS + (aP*2 - 1)
aP phasor 57.75
aS = aS + (aP*2 - 1)
aP phasor 57.805
aS = aS + (aP*2 - 1)
aP phasor 57.86
aS = aS + (aP*2 - 1)
aP phasor 57.915
aS = aS + (aP*2 - 1)
aP phasor 57.970000000000006
aS = aS + (aP*2 - 1)
aP phasor 58.025
aS = aS + (aP*2 - 1)
aP phasor 58.080000000000005
aS = aS + (aP*2 - 1)
aP phasor 58.135
aS = aS + (aP*2 - 1)
aP phasor 58.190000000000005
aS = aS + (aP*2 - 1)
aP phasor 58.245
aS = aS + (aP*2 - 1)
aP phasor 58.300000000000004
aS = aS + (aP*2 - 1)
aP phasor 58.355
aS = aS + (aP*2 - 1)
aP phasor 58.410000000000004
aS = aS + (aP*2 - 1)
aP phasor 58.464999999999996
aS = aS + (aP*2 - 1)
aP phasor 58.52
aS = aS + (aP*2 - 1)
aP phasor 58.574999999999996
aS = aS + (aP*2 - 1)
aP phasor 58.63
aS = aS + (aP*2 - 1)
aP phasor 58.684999999999995
aS = aS + (aP*2 - 1)
aP phasor 58.74
aS = aS + (aP*2 - 1)
aP phasor 58.794999999999995
aS = aS + (aP*2 - 1)
aP phasor 58.85
aS = aS + (aP*2 - 1)
aP phasor 58.904999999999994
aS = aS + (aP*2 - 1)
aP phasor 58.96
aS = aS + (aP*2 - 1)
aP phasor 59.015
aS = aS + (aP*2 - 1)
aP phasor 59.07
aS = aS + (aP*2 - 1)
aP phasor 59.125
aS = aS + (aP*2 - 1)
aP phasor 59.18000000000001
aS = aS + (aP*2 - 1)
aP phasor 59.235
aS = aS + (aP*2 - 1)
aP phasor 59.290000000000006
aS = aS + (aP*2 - 1)
aP phasor 59.345
aS = aS + (aP*2 - 1)
aP phasor 59.400000000000006
aS = aS + (aP*2 - 1)
aP phasor 59.455
aS = aS + (aP*2 - 1)
aP phasor 59.510000000000005
aS = aS + (aP*2 - 1)
aP phasor 59.565
aS = aS + (aP*2 - 1)
aP phasor 59.620000000000005
aS = aS + (aP*2 - 1)
aP phasor 59.675
aS = aS + (aP*2 - 1)
aP phasor 59.730000000000004
aS = aS + (aP*2 - 1)
aP phasor 59.785
aS = aS + (aP*2 - 1)
aP phasor 59.84
aS = aS + (aP*2 - 1)
aP phasor 59.894999999999996
aS = aS + (aP*2 - 1)
aP phasor 59.95
aS = aS + (aP*2 - 1)
aP phasor 60.004999999999995
aS = aS + (aP*2 - 1)
aP phasor 60.06
aS = aS + (aP*2 - 1)
aP phasor 60.114999999999995
aS = aS + (aP*2 - 1)
aP phasor 60.17
aS = aS + (aP*2 - 1)
aP phasor 60.225
aS = aS + (aP*2 - 1)
aP phasor 60.28
aS = aS + (aP*2 - 1)
aP phasor 60.335
aS = aS + (aP*2 - 1)
aP phasor 60.39000000000001
aS = aS + (aP*2 - 1)
aP phasor 60.445
aS = aS + (aP*2 - 1)
aP phasor 60.50000000000001
aS = aS + (aP*2 - 1)
aP phasor 60.555
aS = aS + (aP*2 - 1)
aP phasor 60.61000000000001
aS = aS + (aP*2 - 1)
aP phasor 60.665
aS = aS + (aP*2 - 1)
aP phasor 60.720000000000006
aS = aS + (aP*2 - 1)
aP phasor 60.775
aS = aS + (aP*2 - 1)
aP phasor 60.830000000000005
aS = aS + (aP*2 - 1)
aP phasor 60.885
aS = aS + (aP*2 - 1)
aP phasor 60.940000000000005
aS = aS + (aP*2 - 1)
aP phasor 60.995
aS = aS + (aP*2 - 1)
aP phasor 61.050000000000004
aS = aS + (aP*2 - 1)
aP phasor 61.105
aS = aS + (aP*2 - 1)
aP phasor 61.160000000000004
aS = aS + (aP*2 - 1)
aP phasor 61.214999999999996
aS = aS + (aP*2 - 1)
aP phasor 61.27
aS = aS + (aP*2 - 1)
aP phasor 61.325
aS = aS + (aP*2 - 1)
aP phasor 61.38
aS = aS + (aP*2 - 1)
aP phasor 61.435
aS = aS + (aP*2 - 1)
aP phasor 61.49000000000001
aS = aS + (aP*2 - 1)
aP phasor 61.545
aS = aS + (aP*2 - 1)
aP phasor 61.60000000000001
aS = aS + (aP*2 - 1)
aP phasor 61.655
aS = aS + (aP*2 - 1)
aP phasor 61.709999999999994
aS = aS + (aP*2 - 1)
aP phasor 61.765
aS = aS + (aP*2 - 1)
aP phasor 61.82000000000001
aS = aS + (aP*2 - 1)
aP phasor 61.875
aS = aS + (aP*2 - 1)
aP phasor 61.92999999999999
aS = aS + (aP*2 - 1)
aP phasor 61.985
aS = aS + (aP*2 - 1)
aP phasor 62.040000000000006
aS = aS + (aP*2 - 1)
aP phasor 62.095
aS = aS + (aP*2 - 1)
aP phasor 62.14999999999999
aS = aS + (aP*2 - 1)
aP phasor 62.205
aS = aS + (aP*2 - 1)
aP phasor 62.260000000000005
aS = aS + (aP*2 - 1)
aP phasor 62.315
aS = aS + (aP*2 - 1)
aP phasor 62.37
aS = aS + (aP*2 - 1)
aP phasor 62.425
aS = aS + (aP*2 - 1)
aP phasor 62.480000000000004
aS = aS + (aP*2 - 1)
aP phasor 62.535000000000004
aS = aS + (aP*2 - 1)
aP phasor 62.589999999999996
aS = aS + (aP*2 - 1)
aP phasor 62.645
aS = aS + (aP*2 - 1)
aP phasor 62.70000000000001
aS = aS + (aP*2 - 1)
aP phasor 62.755
aS = aS + (aP*2 - 1)
aP phasor 62.809999999999995
aS = aS + (aP*2 - 1)
aP phasor 62.865
aS = aS + (aP*2 - 1)
aP phasor 62.92000000000001
aS = aS + (aP*2 - 1)
aP phasor 62.975
aS = aS + (aP*2 - 1)
aP phasor 63.029999999999994
aS = aS + (aP*2 - 1)
aP phasor 63.085
aS = aS + (aP*2 - 1)
aP phasor 63.13999999999999
aS = aS + (aP*2 - 1)
aP phasor 63.195
aS = aS + (aP*2 - 1)
aP phasor 63.24999999999999
aS = aS + (aP*2 - 1)
aP phasor 63.305
aS = aS + (aP*2 - 1)
aP phasor 63.35999999999999
aS = aS + (aP*2 - 1)
aP phasor 63.415
aS = aS + (aP*2 - 1)
aP phasor 63.47
aS = aS + (aP*2 - 1)
aP phasor 63.525
aS = aS + (aP*2 - 1)
aP phasor 63.58
aS = aS + (aP*2 - 1)
aP phasor 63.635000000000005
aS = aS + (aP*2 - 1)
aP phasor 63.69
aS = aS + (aP*2 - 1)
aP phasor 63.745000000000005
aS = aS + (aP*2 - 1)
aP phasor 63.8
aS = aS + (aP*2 - 1)
aP phasor 63.855000000000004
aS = aS + (aP*2 - 1)
aP phasor 63.91
aS = aS + (aP*2 - 1)
aP phasor 63.965
aS = aS + (aP*2 - 1)
aP phasor 64.02
aS = aS + (aP*2 - 1)
aP phasor 64.075
aS = aS + (aP*2 - 1)
aP phasor 64.13
aS = aS + (aP*2 - 1)
aP phasor 64.185
aS = aS + (aP*2 - 1)
aP phasor 64.24
aS = aS + (aP*2 - 1)
aP phasor 64.295
aS = aS + (aP*2 - 1)
aP phasor 64.35
aS = aS + (aP*2 - 1)
aP phasor 64.405
aS = aS + (aP*2 - 1)
aP phasor 64.46
aS = aS + (aP*2 - 1)
aP phasor 64.515
aS = aS + (aP*2 - 1)
aP phasor 64.57
aS = aS + (aP*2 - 1)
aP phasor 64.625
aS = aS + (aP*2 - 1)
aP phasor 64.67999999999999
aS = aS + (aP*2 - 1)
aP phasor 64.735
aS = aS + (aP*2 - 1)
aP phasor 64.78999999999999
aS = aS + (aP*2 - 1)
aP phasor 64.845
aS = aS + (aP*2 - 1)
aP phasor 64.89999999999999
aS = aS + (aP*2 - 1)
aP phasor 64.955
aS = aS + (aP*2 - 1)
aP phasor 65.00999999999999
aS = aS + (aP*2 - 1)
aP phasor 65.065
aS = aS + (aP*2 - 1)
aP phasor 65.11999999999999
aS = aS + (aP*2 - 1)
aP phasor 65.175
aS = aS + (aP*2 - 1)
aP phasor 65.22999999999999
aS = aS + (aP*2 - 1)
aP phasor 65.285
aS = aS + (aP*2 - 1)
aP phasor 65.34
aS = aS + (aP*2 - 1)
aP phasor 65.39500000000001
aS = aS + (aP*2 - 1)
aP phasor 65.45
aS = aS + (aP*2 - 1)
aP phasor 65.50500000000001
aS = aS + (aP*2 - 1)
aP phasor 65.56
aS = aS + (aP*2 - 1)
aP phasor 65.61500000000001
aS = aS + (aP*2 - 1)
aP phasor 65.67
aS = aS + (aP*2 - 1)
aP phasor 65.72500000000001
aS = aS + (aP*2 - 1)
aP phasor 65.78
aS = aS + (aP*2 - 1)
aP phasor 65.83500000000001
aS = aS + (aP*2 - 1)
aP phasor 65.89
aS = aS + (aP*2 - 1)
aP phasor 65.94500000000001
aS = aS + (aP*2 - 1)
aP phasor 66.0
aS = aS + (aP*2 - 1)
aP phasor 66.055
aS = aS + (aP*2 - 1)
aP phasor 66.11
aS = aS + (aP*2 - 1)
aP phasor 66.165
aS = aS + (aP*2 - 1)
aP phasor 66.22
aS = aS + (aP*2 - 1)
aP phasor 66.275
aS = aS + (aP*2 - 1)
aP phasor 66.33
aS = aS + (aP*2 - 1)
aP phasor 66.385
aS = aS + (aP*2 - 1)
aP phasor 66.44
aS = aS + (aP*2 - 1)
aP phasor 66.495
aS = aS + (aP*2 - 1)
aP phasor 66.55
aS = aS + (aP*2 - 1)
aP phasor 66.605
aS = aS + (aP*2 - 1)
aP phasor 66.66
aS = aS + (aP*2 - 1)
aP phasor 66.715
aS = aS + (aP*2 - 1)
aP phasor 66.77
aS = aS + (aP*2 - 1)
aP phasor 66.825
aS = aS + (aP*2 - 1)
aP phasor 66.88
aS = aS + (aP*2 - 1)
aP phasor 66.935
aS = aS + (aP*2 - 1)
aP phasor 66.99
aS = aS + (aP*2 - 1)
aP phasor 67.045
aS = aS + (aP*2 - 1)
aP phasor 67.1
aS = aS + (aP*2 - 1)
aP phasor 67.155
aS = aS + (aP*2 - 1)
aP phasor 67.21
aS = aS + (aP*2 - 1)
aP phasor 67.265
aS = aS + (aP*2 - 1)
aP phasor 67.32
aS = aS + (aP*2 - 1)
aP phasor 67.375
aS = aS + (aP*2 - 1)
aP phasor 67.42999999999999
aS = aS + (aP*2 - 1)
aP phasor 67.485
aS = aS + (aP*2 - 1)
aP phasor 67.53999999999999
aS = aS + (aP*2 - 1)
aP phasor 67.595
aS = aS + (aP*2 - 1)
aP phasor 67.65
aS = aS + (aP*2 - 1)
aP phasor 67.705
aS = aS + (aP*2 - 1)
aP phasor 67.76
aS = aS + (aP*2 - 1)
aP phasor 67.81500000000001
aS = aS + (aP*2 - 1)
aP phasor 67.87
aS = aS + (aP*2 - 1)
aP phasor 67.92500000000001
aS = aS + (aP*2 - 1)
aP phasor 67.98
aS = aS + (aP*2 - 1)
aP phasor 68.03500000000001
aS = aS + (aP*2 - 1)
aP phasor 68.09
aS = aS + (aP*2 - 1)
aP phasor 68.14500000000001
aS = aS + (aP*2 - 1)
aP phasor 68.2
aS = aS + (aP*2 - 1)
aP phasor 68.25500000000001
aS = aS + (aP*2 - 1)
aP phasor 68.31
aS = aS + (aP*2 - 1)
aP phasor 68.365
aS = aS + (aP*2 - 1)
aP phasor 68.42
aS = aS + (aP*2 - 1)
aP phasor 68.47500000000001
aS = aS + (aP*2 - 1)
aP phasor 68.53
aS = aS + (aP*2 - 1)
aP phasor 68.585
aS = aS + (aP*2 - 1)
aP phasor 68.64
aS = aS + (aP*2 - 1)
aP phasor 68.69500000000001
aS = aS + (aP*2 - 1)
aP phasor 68.75
aS = aS + (aP*2 - 1)
aP phasor 68.80499999999999
aS = aS + (aP*2 - 1)
aP phasor 68.86
aS = aS + (aP*2 - 1)
aP phasor 68.915
aS = aS + (aP*2 - 1)
aP phasor 68.97
aS = aS + (aP*2 - 1)
aP phasor 69.02499999999999
aS = aS + (aP*2 - 1)
aM = aS * 0.00390625
aO biquad aM, 0.005537118187100025, 0.01107423637420005, 0.005537118187100025, 1, -1.7768350777267723, 0.7989835504751723
out aO
endin
</CsInstruments>
<CsScore>
i1 0 20
e
</CsScore>
</CsoundSynthesizer>
