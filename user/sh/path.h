/*
 * path: the pure part of the shell's `cd` (docs/shell.md): joining a directory argument to the
 * current directory and cleaning the result lexically, Plan 9 style (cleanname): no system calls,
 * so `..` is resolved by the text alone, the way Ferrite's namespaces resolve it too.
 */
#ifndef SH_PATH_H
#define SH_PATH_H

#include <stddef.h>

/* The longest path these functions take or make, NUL included. */
#define SH_PATH_MAX 1024

/*
 * Cleans path into out (size bytes): one slash between elements, no "." elements, each ".."
 * removes the element before it, ".." at the root is the root, leading ".." of a relative path
 * stay, and an empty result is ".". Returns NULL, or an error message when path is not shorter
 * than SH_PATH_MAX or the clean result (with its NUL) does not fit in size; out is then "".
 */
const char *sh_cleanpath(const char *path, char *out, size_t size);

/*
 * The directory `cd arg` moves to from cwd (an absolute path): arg when it starts with '/', else
 * cwd/arg, cleaned. Returns NULL, or an error message (cwd not absolute, arg empty, a path too
 * long).
 */
const char *sh_cdpath(const char *cwd, const char *arg, char *out, size_t size);

#endif
