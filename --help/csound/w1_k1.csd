<CsoundSynthesizer>
<CsInstruments>
sr = 48000
ksmps = 1
nchnls = 1
0dbfs = 1
giSin ftgen 1, 0, 65536, 10, 1
instr 1
aO oscili 0.2, 440, giSin
out aO
endin
</CsInstruments>
<CsScore>
i1 0 20
e
</CsScore>
</CsoundSynthesizer>
