/* libc <stdlib.h> shim for freestanding third-party code (libfdt): only the
 * strto*() number parsers, which live in <keel/string.h>. */
#ifndef KEEL_LIBC_STDLIB_H
#define KEEL_LIBC_STDLIB_H
#include <keel/string.h>
#endif
