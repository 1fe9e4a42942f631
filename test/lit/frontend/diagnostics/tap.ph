-- RUN: not phononc %s 2>&1 | FileCheck %s --implicit-check-not=error:
-- `tap in file seconds!` (LANGUAGE §7.9): the file is the path of the WAV file it writes, in
-- quotes; each file has one writer; seconds sizes its buffer, in (0, 600]. A bus voice cannot
-- tap: every voice would write the one file.
~a: saw 55 # tap "probe.wav" 1
~b: saw 55 # tap "probe.wav" 2
-- CHECK: tap.ph:[[@LINE-1]]:18: error: `"probe.wav"` is written by an earlier `tap`: each file has one writer
-- CHECK-NEXT: ~b: saw 55 # tap "probe.wav" 2
-- CHECK-NEXT: {{^                 \^~+$}}
-- CHECK: tap.ph:[[@LINE-5]]:18: note: written here
~c: saw 55 # tap "probe.flac" 1
-- CHECK: tap.ph:[[@LINE-1]]:18: error: `file` of `tap` writes a 32-bit float WAV file: its name ends in `.wav`, not `"probe.flac"`
~d: saw 55 # tap "a b" 1
-- CHECK: tap.ph:[[@LINE-1]]:18: error: `file` of `tap` writes a 32-bit float WAV file: its name ends in `.wav`, not `"a b"`
~e: saw 55 # tap (sine 1) 1
-- CHECK: tap.ph:[[@LINE-1]]:18: error: `file` of `tap` must be the name of the file it writes, in quotes, as in `"probe.wav"`
~f: saw 55 # tap "zero.wav" 0
-- CHECK: tap.ph:[[@LINE-1]]:29: error: `seconds` of `tap` must be more than 0 and at most 600 seconds, not 0
~g: saw 55 # probe "long.wav" 601
-- CHECK: tap.ph:[[@LINE-1]]:31: error: `seconds` of `probe` must be more than 0 and at most 600 seconds, not 601
~h: saw 55 # tap "pattern.wav" "1 2"
-- CHECK: tap.ph:[[@LINE-1]]:32: error: `seconds` of `tap` must be a constant number
~voice: sine 220 # tap "voice.wav" 1
out: ~a + ~b + ~c + ~d + ~e + ~f + ~g + ~h + s "~voice*2"
-- CHECK: tap.ph:[[@LINE-1]]:49: error: the bus `~voice` writes the file `"voice.wav"` (`tap`): a bus voice of it cannot, each voice would write it
-- CHECK: tap.ph:[[@LINE-3]]:24: note: written here
