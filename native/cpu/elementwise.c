/* elementwise kernels: see elementwise.h (empty for now). */
#include "elementwise.h"
