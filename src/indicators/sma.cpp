// Sma is header-only; this unit keeps the module a real library and checks the header
// compiles on its own.
#include <talon/indicators/sma.hpp>
