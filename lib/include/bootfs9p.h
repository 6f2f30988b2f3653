/*
 * bootfs9p: the boot archive (bootfs.h) served read-only through p9_ops, as the first root file
 * system (docs/servers.md).
 *
 * The archive is flat, but its names may contain '/': bootfs9p reads "bin/ls" as the file ls in
 * the directory bin, and makes up the directories from the names (an archive holds no directory
 * entries). The directory tree is never stored: a directory is named by its path prefix and the
 * first archive entry under it, and because the entries are sorted, everything under one prefix
 * is one contiguous run of entries. So the server needs no memory beyond struct bootfs9p and a
 * validity bitmap in it.
 *
 * Entries that cannot be a path are not served (counted in `skipped`): a name with an empty
 * element ("a//b", a trailing '/'), an element "." or "..", or a file whose name is also used as
 * a directory ("bin" next to "bin/ls": the directory wins).
 *
 * Everything is read-only: opens for writing, truncation or remove-on-close, and write, create,
 * remove and wstat get "read-only file system". Files are mode 0555 when they start with a
 * Mach-O magic (executables), else 0444; directories 0555. One owner for all, no times.
 */
#ifndef BOOTFS9P_H
#define BOOTFS9P_H

#include <bootfs.h>
#include <p9.h>

#define BOOTFS9P_EROFS "read-only file system"

struct bootfs9p {
	const struct bootfs *fs; /* opened by bootfs_open; must outlive this */
	const char *owner;       /* shown as uid, gid and muid */
	uint32_t skipped;        /* entries not served (see above) */
	uint8_t valid[BOOTFS_MAX_ENTRIES / 8]; /* bit i: entry i is served as a file */
	/* Directory read cache: readdir(dir, i) after readdir(dir, i - 1) is O(1). */
	void *rd_dir;
	uint32_t rd_index, rd_entry; /* the next child's index and the entry its run starts at */
};

/* The tree argument of bootfs9p_ops is a struct bootfs9p; sessions share it (nothing in it
 * depends on the client). */
extern const struct p9_ops bootfs9p_ops;

/* Prepares b over an archive that bootfs_open accepted. O(n^2) name comparisons at worst
 * (n <= 1024), once. */
void bootfs9p_init(struct bootfs9p *b, const struct bootfs *fs, const char *owner);

#endif
