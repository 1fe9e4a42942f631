out: sine "c3'maj" * 0.1
