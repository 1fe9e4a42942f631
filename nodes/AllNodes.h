// Every kernel struct; included by Kernels.cpp and Catalogue.cpp.
#pragma once

#include "Additive.h"
#include "Arithmetic.h"
#include "Block.h"
#include "Clock.h"
#include "Convolve.h"
#include "DelayLines.h"
#include "Envelopes.h"
#include "Filters.h"
#include "Math.h"
#include "MathFunctions.h"
#include "Noise.h"
#include "Oscillators.h"
#include "Spatial.h"
#include "Triggers.h"
