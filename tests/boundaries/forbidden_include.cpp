// Compiled with the enforcement module's include path by CTest `boundaries_forbidden_include`:
// enforcement comes before credit in the module order, so this include must not be found.
#include "credit/rules.h"
