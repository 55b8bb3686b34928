/* Definitions behind the host stand-ins of tests/unit/stubs. */
#include <keel/types.h>
bool unit_irqs_off;
