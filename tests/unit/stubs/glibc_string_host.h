/* Forced include (gcc -include) for host suites that compile Keel code and
 * glibc's <string.h> into one file, as libfdt's libfdt_env.h does:
 * <keel/errno.h> declares `const char *strerror(int)`, glibc
 * `char *strerror(int)`, and the two conflict. glibc's declaration is
 * renamed away here (its include guard keeps it from coming back), so Keel
 * code sees only its own; link lib/strerror.c for the definition. */
#ifndef UNIT_GLIBC_STRING_HOST_H
#define UNIT_GLIBC_STRING_HOST_H
#define strerror glibc_strerror_hidden
#include <string.h>
#undef strerror
#endif
