out: sine 440 * 0.2
