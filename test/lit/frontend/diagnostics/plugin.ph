-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §7.10: the plugin names are reserved.
out: saw 110 # vst "reverb"
-- CHECK: plugin.ph:[[@LINE-1]]:16: error: `vst`: plugin hosting is not supported
out1: saw 110 $ every 2 (# clap "x")
-- CHECK: plugin.ph:[[@LINE-1]]:28: error: `clap`: plugin hosting is not supported
