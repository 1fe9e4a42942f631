// Every kernel struct; included by Kernels.cpp and Catalogue.cpp.
#pragma once

#include "Additive.h"
#include "Arithmetic.h"
#include "BandLimited.h"
#include "Block.h"
#include "Clock.h"
#include "Convolve.h"
#include "DelayLines.h"
#include "Drums.h"
#include "Envelopes.h"
#include "Filters.h"
#include "Math.h"
#include "Noise.h"
#include "Oscillators.h"
#include "Spatial.h"
#include "Strings.h"
#include "Triggers.h"
