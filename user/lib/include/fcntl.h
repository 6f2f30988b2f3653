/* fcntl.h: open and its flags (docs/libc.md "Files"). The values are Linux's. */
#ifndef _FCNTL_H
#define _FCNTL_H

#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_ACCMODE 3
#define O_CREAT 0x40   /* create when missing, with the third argument's permission bits */
#define O_EXCL 0x80    /* with O_CREAT: fail (EEXIST) when the file exists */
#define O_TRUNC 0x200  /* empty the file (needs write access) */
#define O_APPEND 0x400 /* every write goes to the end of the file as it is then */

/* Opens path (relative to the current directory) on a 9P session of its own. The lowest free
 * descriptor, or -1 with errno and errstr() set. */
int open(const char *path, int flags, ...);

#endif
