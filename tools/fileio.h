/*
 * fileio: what the host tools share for reading and writing whole files and for giving up. Every
 * failure is reported as "PROG: WHAT: WHY" on standard error and ends the program with status 1,
 * so a tool's main reads as the happy path. Owns no formats: those are in the tools' own modules.
 */
#ifndef TOOLS_FILEIO_H
#define TOOLS_FILEIO_H

#include <stddef.h>
#include <stdint.h>

/* The program name that starts every message; each tool defines it. */
extern const char fileio_prog[];

/* Prints "PROG: what: why" (or "PROG: why" when what is NULL) and exits with status 1. */
_Noreturn void fileio_die(const char *what, const char *why);

/* The whole file at path, in a malloc'd buffer of *len bytes. With max != 0 a file of max bytes
 * or more is refused. Dies on any failure. */
uint8_t *fileio_read(const char *path, size_t *len, size_t max);

/* Replaces path with len bytes of data through "path.tmp" and a rename, so readers never see half
 * a file; with mode != 0 the file gets that mode. Dies on any failure. */
void fileio_replace(const char *path, const void *data, size_t len, unsigned mode);

#endif
