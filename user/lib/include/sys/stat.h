/* sys/stat.h: a file's attributes, as its 9P server states them (docs/libc.md "Files"). */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <stdint.h>

/* mode: permission bits (0777) and these 9P bits. */
#define DMDIR 0x80000000u
#define DMAPPEND 0x40000000u
#define DMEXCL 0x20000000u
#define S_ISDIR(m) (((m) & DMDIR) != 0)

struct stat {
	uint32_t mode;
	uint64_t size;
	uint32_t mtime, atime; /* seconds, as the server counts them */
	uint64_t qid;          /* unique per file within one server */
	char name[256];
	char uid[64], gid[64];
};

/* 0, or -1 with errno (ENAMETOOLONG also when a name in the answer does not fit struct stat). */
int stat(const char *path, struct stat *st);
/* A pipe answers mode 0600, size 0, name "pipe". */
int fstat(int fd, struct stat *st);
/* A new directory; perm & 0777. */
int mkdir(const char *path, unsigned perm);

#endif
