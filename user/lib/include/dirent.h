/* dirent.h: a directory's entries (docs/libc.md "Directories"). For a union directory the
 * members' entries are merged, the first member winning on equal names. */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <stdint.h>

typedef struct libc_dir DIR;

struct dirent {
	char d_name[256];
	uint32_t d_mode; /* as struct stat's mode: no stat call needed for ls -l */
	uint64_t d_size;
	uint32_t d_mtime;
};

/* Reads the whole directory at once (every member of a union). NULL with errno on failure. */
DIR *opendir(const char *path);
/* The next entry (valid until the next call), or NULL at the end. */
struct dirent *readdir(DIR *d);
int closedir(DIR *d);

#endif
