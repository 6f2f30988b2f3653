/*
 * Error texts into errno values (libc_io.h). A 9P server answers in words (Rerror); the library
 * keeps those words for errstr() and picks the errno value a C program tests for here.
 */
#include "libc_io.h"

#include <err.h>
#include <string.h>

static const struct {
	const char *text;
	int e;
} texts[] = {
	{ "file does not exist", LIBC_ENOENT },
	{ "file has been removed", LIBC_ENOENT },
	{ "permission denied", LIBC_EACCES },
	{ "file already exists", LIBC_EEXIST },
	{ "directory not empty", LIBC_ENOTEMPTY },
	{ "is a directory", LIBC_EISDIR },
	{ "not a directory", LIBC_ENOTDIR },
	{ "file system full", LIBC_ENOSPC },
	{ "file too large", LIBC_ENOSPC },
	{ "file name too long", LIBC_ENAMETOOLONG },
	{ "bad file name", LIBC_EINVAL },
	{ "bad open mode", LIBC_EINVAL },
	{ "file open too many times", LIBC_EMFILE },
	{ "too many fids", LIBC_EMFILE },
	{ "cannot remove the root", LIBC_EACCES },
	{ "file already open for exclusive use", LIBC_EACCES },
};

int libc_errno_9p(const char *text)
{
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(text, texts[i].text) == 0)
			return texts[i].e;
	return LIBC_EIO;
}

int libc_errno_kernel(int kerr)
{
	switch (kerr) {
	case ERR_NOMEM: return LIBC_ENOMEM;
	case ERR_INVAL: return LIBC_EINVAL;
	case ERR_EXIST: return LIBC_EEXIST;
	case ERR_NOENT: return LIBC_ENOENT;
	case ERR_FAULT: return LIBC_EFAULT;
	case ERR_STATE: return LIBC_ESRCH;
	case ERR_UNSUPP: return LIBC_ENOTSUP;
	case ERR_BADHANDLE: return LIBC_EBADF;
	case ERR_WRONGTYPE: return LIBC_EBADF;
	case ERR_ACCESS: return LIBC_EACCES;
	case ERR_FULL: return LIBC_ENOSPC;
	case ERR_NAMETOOLONG: return LIBC_ENAMETOOLONG;
	case ERR_BADNAME: return LIBC_EINVAL;
	case ERR_PEER_CLOSED: return LIBC_EPIPE;
	case ERR_TOOBIG: return LIBC_E2BIG;
	default: return LIBC_EIO;
	}
}
