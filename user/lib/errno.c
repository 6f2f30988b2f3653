/* errno (freestanding builds only; the host tests use the host's). One process, one thread for
 * now, so errno is one variable behind a function: when user threads arrive it becomes per
 * thread without changing a caller, because errno.h spells it as a call. */
#include "libc.h"

#if !__STDC_HOSTED__
#include <errno.h>

static int errno_value;

int *libc_errno(void)
{
	return &errno_value;
}

/* errno.h and libc.h spell the same numbers twice (errno.h must not include libc.h into
 * programs); these keep them in step. */
_Static_assert(EPERM == LIBC_EPERM && ENOENT == LIBC_ENOENT && EIO == LIBC_EIO &&
		       ESRCH == LIBC_ESRCH && E2BIG == LIBC_E2BIG && ECHILD == LIBC_ECHILD &&
		       ENOTDIR == LIBC_ENOTDIR && EISDIR == LIBC_EISDIR && EMFILE == LIBC_EMFILE &&
		       EPIPE == LIBC_EPIPE && ENOTEMPTY == LIBC_ENOTEMPTY &&
		       EBADF == LIBC_EBADF && ENOMEM == LIBC_ENOMEM && EACCES == LIBC_EACCES &&
		       EFAULT == LIBC_EFAULT && EEXIST == LIBC_EEXIST && EINVAL == LIBC_EINVAL &&
		       ENOSPC == LIBC_ENOSPC && EDOM == LIBC_EDOM && ERANGE == LIBC_ERANGE &&
		       ENAMETOOLONG == LIBC_ENAMETOOLONG && ENOSYS == LIBC_ENOSYS &&
		       EOVERFLOW == LIBC_EOVERFLOW && EILSEQ == LIBC_EILSEQ && ENOTSUP == LIBC_ENOTSUP,
	       "errno.h and libc.h agree");
#endif
