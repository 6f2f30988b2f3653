/*
 * libc_io.h: the portable core of the library's process and file layer (docs/libc.md), under
 * prefixed names like libc.h: the argument block and environment, path cleaning, the file
 * descriptor table, open flags, the fd entries a parent passes in the environment, directory
 * records and union merging, and error mapping. No system calls here: the glue over them is
 * fd.c, file.c, dir.c, spawn.c and start.c (freestanding builds only). Errors are LIBC_E* codes.
 */
#ifndef LIBC_IO_H
#define LIBC_IO_H

#include "libc.h"

/* ---- the argument block (docs/libc.md "Arguments and environment") ----
 * The argv strings, each NUL-terminated, back to back; then an empty string; then the
 * environment strings `name=value`, each NUL-terminated. A block with no empty string is all
 * argv. The kernel checks only the size and the final NUL; everything else is checked here. */

struct libc_args {
	int argc;
	char **argv;   /* argc strings then NULL */
	unsigned nenv;
	char **env;    /* nenv strings then NULL */
};

/* Splits block[0..len) in place (the strings point into it) using vec[0..nvec) for both pointer
 * arrays (argc + 1 + nenv + 1 entries are needed). An empty block gives argc 0 and no environment.
 * Returns 0, LIBC_EINVAL (a non-empty block that does not end in NUL; an environment string with
 * no '=' or an empty name; a name given twice) or LIBC_E2BIG (more strings than vec holds). */
int libc_args_parse(char *block, size_t len, char **vec, size_t nvec, struct libc_args *out);

/* Writes the block for argv (NULL-terminated) and env[0..nenv) into buf (size bytes). Returns
 * its length, or -LIBC_EINVAL (an empty argv string: it would read as the separator; an
 * environment string with no '='), -LIBC_E2BIG (does not fit). Nothing is ever cut short. */
long libc_args_build(char *buf, size_t size, char *const argv[], char *const env[], size_t nenv);

/* ---- the environment: a table of `name=value` strings ---- */
#define LIBC_ENV_MAX 64

struct libc_env {
	char *ent[LIBC_ENV_MAX + 1]; /* n strings then NULL */
	bool owned[LIBC_ENV_MAX];    /* the string was given by env_put's caller to be freed later */
	unsigned n;
};

/* Takes the parsed block's strings (not owned). 0 or LIBC_E2BIG (more than LIBC_ENV_MAX). */
int libc_env_init(struct libc_env *e, char **ent, unsigned n);
/* The value of name, or NULL. */
const char *libc_env_get(const struct libc_env *e, const char *name);
/* Whether name can be a variable's name: not empty, no '='. */
bool libc_env_name_ok(const char *name);
/* Adds entry ("name=value"), or replaces the variable of that name when overwrite is set (when
 * it is not and the name exists, entry is not used: *drop = entry if owned). *drop receives a
 * string the caller must free (a replaced owned one, or NULL). 0, LIBC_EINVAL (bad entry) or
 * LIBC_ENOMEM (table full). */
int libc_env_put(struct libc_env *e, char *entry, bool owned, bool overwrite, char **drop);
/* Removes name; *drop as above. 0 (also when absent) or LIBC_EINVAL (bad name). */
int libc_env_unset(struct libc_env *e, const char *name, char **drop);

/* ---- paths ---- */
#define LIBC_PATH_MAX 256 /* with the NUL: the kernel's NS_OPEN_PATH_MAX */

/* path made absolute against cwd (when it does not start with '/') and cleaned: no empty, "." or
 * ".." elements, no trailing '/', ".." at the root stays at the root. cwd must be absolute.
 * 0, LIBC_ENOENT (path is empty), LIBC_EINVAL (cwd not absolute), LIBC_ENAMETOOLONG (the result,
 * or a step on the way to it, needs size bytes or more). */
int libc_path_clean(const char *cwd, const char *path, char *out, size_t size);

/* ---- open flags (fcntl.h spells them O_*; the values are Linux's) ---- */
#define LIBC_O_RDONLY 0
#define LIBC_O_WRONLY 1
#define LIBC_O_RDWR 2
#define LIBC_O_ACCMODE 3
#define LIBC_O_CREAT 0x40
#define LIBC_O_EXCL 0x80
#define LIBC_O_TRUNC 0x200
#define LIBC_O_APPEND 0x400

/* The 9P open mode for flags (P9_OREAD/OWRITE/ORDWR, | P9_OTRUNC). 0, or LIBC_EINVAL (access
 * mode 3, an unknown bit, O_EXCL without O_CREAT, O_TRUNC without write access). */
int libc_oflags_p9(int flags, uint8_t *mode);
bool libc_oflags_reads(int flags);
bool libc_oflags_writes(int flags);

/* ---- the descriptor table ---- */
#define LIBC_FD_MAX 32

/* What a descriptor names. The table counts references (dup shares one file, as POSIX says: one
 * offset); what a file is lies with fd.c. */
struct libc_file {
	unsigned refs;
};

struct libc_fdtab {
	struct libc_file *f[LIBC_FD_MAX];
};

/* The file at fd, or NULL (closed or out of range). */
struct libc_file *libc_fd_get(const struct libc_fdtab *t, int fd);
/* Puts f (its reference passes to the table) in the lowest free slot >= lowest. The fd, or
 * -LIBC_EMFILE (none free), -LIBC_EBADF (lowest out of range). */
int libc_fd_install(struct libc_fdtab *t, struct libc_file *f, int lowest);
/* dup: the lowest free fd naming fd's file. The new fd, -LIBC_EBADF, -LIBC_EMFILE. */
int libc_fd_dup(struct libc_fdtab *t, int fd);
/* dup2: newfd names fd's file (closing what it named: *drop is that file when this was its last
 * reference, for the caller to close; else NULL). fd == newfd is a no-op. newfd or -LIBC_EBADF. */
int libc_fd_dup2(struct libc_fdtab *t, int fd, int newfd, struct libc_file **drop);
/* Empties fd; *drop as for dup2. 0 or -LIBC_EBADF. */
int libc_fd_close(struct libc_fdtab *t, int fd, struct libc_file **drop);

/* ---- fd entries: how a parent describes the descriptors it passes (docs/libc.md) ----
 *   fd.N=pipe,H,FLAGS                        a pipe end: startup handle H
 *   fd.N=9p,H,FLAGS,FID,MSIZE,OFFSET,PATH    a file: a 9P session on startup handle H whose
 *                                            fid FID is open (FLAGS say how), msize MSIZE
 *   fd.N=cons                                the kernel's debug console (write only; no handle)
 *   fd.N=dup,M                               the same file as fd M (M < N): one session, one
 *                                            offset, as dup gives
 * N < LIBC_FD_MAX, H < LIBC_STARTUP_MAX, FLAGS the open flags (no O_CREAT/O_EXCL/O_TRUNC),
 * numbers in decimal without signs or leading zeros, PATH absolute and cleaned (may hold ','). */
#define LIBC_STARTUP_MAX 8 /* the kernel's PROC_STARTUP_MAX */
enum libc_fd_kind { LIBC_FD_PIPE = 1, LIBC_FD_9P = 2, LIBC_FD_CONS = 3, LIBC_FD_DUP = 4 };

struct libc_fdspec {
	unsigned fd;
	unsigned kind;
	unsigned handle;
	unsigned of; /* LIBC_FD_DUP: the fd this one is a copy of */
	int flags;
	uint32_t fid, msize;
	uint64_t offset;
	char path[LIBC_PATH_MAX];
};

/* Whether entry is an fd entry at all (starts "fd."). */
bool libc_fdspec_is(const char *entry);
/* Reads one entry ("fd.1=..."). 0 or LIBC_EINVAL (anything malformed or out of range). */
int libc_fdspec_parse(const char *entry, struct libc_fdspec *s);
/* Writes s as an entry into buf; its length, or -LIBC_E2BIG, -LIBC_EINVAL (s out of range). */
long libc_fdspec_format(const struct libc_fdspec *s, char *buf, size_t size);

/* ---- directories: 9P stat records into entries, union members merged ---- */
#define LIBC_NAME_MAX 255

struct libc_dirent {
	char name[LIBC_NAME_MAX + 1];
	uint32_t mode;  /* 9P mode: permission bits | P9_DM* */
	uint64_t size;
	uint32_t mtime;
};

/* A growing list of entries. grow is realloc-like (the target's realloc, the host's in tests). */
struct libc_dirlist {
	struct libc_dirent *e;
	size_t n, cap;
	void *(*grow)(void *p, size_t n);
};

/* Decodes the stat records in buf[0..len) (one directory read's worth) and appends each whose
 * name is not in the list yet: reading a union's members in order, the first member wins.
 * 0, LIBC_EIO (a malformed record, or a name that is empty, ".", "..", holds '/' or is longer
 * than LIBC_NAME_MAX), LIBC_ENOMEM. Entries added before a bad record stay. */
int libc_dir_add(struct libc_dirlist *l, const uint8_t *buf, size_t len);

/* ---- errors ---- */
/* The errno value for a 9P server's error text (EIO for texts it does not know). */
int libc_errno_9p(const char *text);
/* The errno value for a kernel error (err.h, negative). */
int libc_errno_kernel(int kerr);

/* ---- for the commands (docs/commands.md) ---- */
/* ls -l's mode column: 'd' or '-', then rwx for owner, group, others ("drwxr-xr-x"). */
void libc_mode_string(uint32_t mode, char out[11]);
/* The options of mount and bind: any of -b (before), -a (after), -c (create), alone or together
 * ("-bc"), before the other arguments; -b with -a is an error. Returns the index of the first
 * other argument with *flags = NS_FLAG_* (REPLACE when neither -b nor -a), or -1. A lone "--"
 * ends the options. */
int libc_ns_flags(int argc, char *const argv[], unsigned *flags);

/* ---- sorting: heapsort (no recursion, no allocation, O(n log n) always) ---- */
void libc_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
