-- A 440 Hz tone at peak 0.2 in both channels (LANGUAGE §11, example 1).
out: sine 440 * 0.2
