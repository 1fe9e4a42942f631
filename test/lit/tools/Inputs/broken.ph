-- A patch with an error, for tests that a failed render writes nothing.
out: sinee 440
