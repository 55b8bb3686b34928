/* One internal error space: negative errno-style codes. Translated to SBI
 * codes at the SBI boundary and to words at the shell boundary (strerror). */
#ifndef KEEL_ERRNO_H
#define KEEL_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define EIO		5
#define E2BIG		7
#define EAGAIN		11
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define ENAMETOOLONG	36
#define ENOSYS		38
#define ELOOP		40
#define ENODATA		61
#define EOVERFLOW	75
#define EILSEQ		84
#define ENOTSUP		95
#define ETIMEDOUT	110
#define EALREADY	114

/* Human-readable text for a (positive or negative) error code. */
const char *strerror(int err);

#endif
