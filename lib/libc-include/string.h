/* libc <string.h> shim for freestanding third-party code (libfdt): the
 * kernel's own routines from <keel/string.h>. */
#ifndef KEEL_LIBC_STRING_H
#define KEEL_LIBC_STRING_H
#include <keel/string.h>
#endif
