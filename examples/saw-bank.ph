-- Sixteen saws, each through a low-pass filter of its own, summed: independent chains that
-- batch-parallel runs at once on the thread pool and vectorize-across-nodes (-O3) makes one
-- bank, a loop over sixteen lanes of state.
out: (lpf (saw 55) 400 0.7 +
  lpf (saw 61.875) 550 0.7 +
  lpf (saw 68.75) 700 0.7 +
  lpf (saw 75.625) 850 0.7 +
  lpf (saw 82.5) 1000 0.7 +
  lpf (saw 89.375) 1150 0.7 +
  lpf (saw 96.25) 1300 0.7 +
  lpf (saw 103.125) 1450 0.7 +
  lpf (saw 110) 1600 0.7 +
  lpf (saw 116.875) 1750 0.7 +
  lpf (saw 123.75) 1900 0.7 +
  lpf (saw 130.625) 2050 0.7 +
  lpf (saw 137.5) 2200 0.7 +
  lpf (saw 144.375) 2350 0.7 +
  lpf (saw 151.25) 2500 0.7 +
  lpf (saw 158.125) 2650 0.7) * 0.05
