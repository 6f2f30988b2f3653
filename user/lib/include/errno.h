/* errno.h: Ferrite's error numbers (the Linux values, so that they read familiarly) and errno.
 * docs/libc.md says which functions set which. */
#ifndef _ERRNO_H
#define _ERRNO_H

int *libc_errno(void);
#define errno (*libc_errno())

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define EBADF 9
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define EDOM 33
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define EOVERFLOW 75
#define EILSEQ 84
#define ENOTSUP 95

#endif
