/* errno.h: Ferrite's error numbers (the Linux values, so that they read familiarly) and errno.
 * docs/libc.md says which functions set which. */
#ifndef _ERRNO_H
#define _ERRNO_H

int *libc_errno(void);
#define errno (*libc_errno())
/* The last failure's whole text: a file server's own words ("file does not exist"), "the file
 * server has gone away" when its channel closed, or the kernel error's name; else
 * strerror(errno). Valid until the next failing call. */
const char *errstr(void);

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EIO 5
#define E2BIG 7
#define EBADF 9
#define ECHILD 10
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define EMFILE 24
#define ENOSPC 28
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define EOVERFLOW 75
#define EILSEQ 84
#define ENOTSUP 95

#endif
