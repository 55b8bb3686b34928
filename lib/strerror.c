/* Words for Keel's internal error codes (<keel/errno.h>), used where an
 * error leaves the hypervisor as text: the shell and the log. */
#include <keel/errno.h>
#include <keel/compiler.h>

static const char *const error_text[] = {
	[0]		= "success",
	[EPERM]		= "operation not permitted",
	[ENOENT]	= "no such file or directory",
	[EIO]		= "I/O error",
	[E2BIG]		= "argument list too long",
	[EAGAIN]	= "try again",
	[ENOMEM]	= "out of memory",
	[EFAULT]	= "bad address",
	[EBUSY]		= "device or resource busy",
	[EEXIST]	= "already exists",
	[ENODEV]	= "no such device",
	[ENOTDIR]	= "not a directory",
	[EISDIR]	= "is a directory",
	[EINVAL]	= "invalid argument",
	[ENOSPC]	= "no space left",
	[ERANGE]	= "result out of range",
	[ENAMETOOLONG]	= "name too long",
	[ENOSYS]	= "not implemented",
	[ELOOP]		= "too many levels of links",
	[ENODATA]	= "no data available",
	[EOVERFLOW]	= "value too large",
	[EILSEQ]	= "illegal byte sequence",
	[ENOTSUP]	= "not supported",
	[ETIMEDOUT]	= "timed out",
	[EALREADY]	= "already in progress",
};

/*
 * Text for err, given as a positive code or (the usual return convention)
 * a negative one; 0 gives "success". Any context. Returns a static string,
 * "unknown error" for codes that <keel/errno.h> does not define.
 */
const char *strerror(int err)
{
	unsigned int code = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	if (code >= ARRAY_SIZE(error_text) || !error_text[code])
		return "unknown error";
	return error_text[code];
}
