// Every node definition; included by Kernels.cpp and Catalogue.cpp.
#pragma once

#include "Arithmetic.h"
#include "Clock.h"
#include "Filters.h"
#include "Math.h"
#include "Noise.h"
#include "Oscillators.h"
#include "Triggers.h"
