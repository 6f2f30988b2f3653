/* unistd.h: descriptors, pipes and the current directory (docs/libc.md "Files"). */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* Reads at most n bytes: a file loops over 9P messages until n bytes or its end (a device may
 * answer short: one line); a pipe gives one message's bytes. 0 at the end of the file, -1 with
 * errno and errstr() on failure ("the file server has gone away" when its server is gone). */
long read(int fd, void *buf, size_t n);
/* Writes all n bytes (looping over messages), or fails: -1 with errno (EPIPE: a pipe's reader has
 * gone away). A partial count only when a later message failed. */
long write(int fd, const void *buf, size_t n);
int close(int fd);
int dup(int fd);
int dup2(int fd, int newfd);
/* fds[0] reads what fds[1] writes: a channel; end of file when every writer has closed. */
int pipe(int fds[2]);
/* The current directory: a cleaned absolute path, checked to be a directory. */
int chdir(const char *path);
/* The current directory into buf; NULL with errno ERANGE when it does not fit. */
char *getcwd(char *buf, size_t size);

#endif
