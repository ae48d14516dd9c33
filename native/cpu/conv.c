/* conv kernels: see conv.h (empty for now). */
#include "conv.h"
