// The control for forbidden_include.cpp: the same command with a header enforcement may use
// compiles, so the other test fails for the boundary and not for the command.
#include "registry/identifiers.h"
