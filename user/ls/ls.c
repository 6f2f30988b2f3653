/*
 * ls [-l] [path...]: a directory's entries sorted by name (a union directory's members merged),
 * or a file's own name; -l adds the mode and the size (docs/commands.md). No path: ".".
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libc_io.h"

static int longform;

static void usage(void)
{
	dprintf(2, "usage: ls [-l] [path...]\n");
	exit(1);
}

static void show(const char *name, uint32_t mode, uint64_t size)
{
	if (!longform) {
		printf("%s\n", name);
		return;
	}
	char m[11];
	libc_mode_string(mode, m);
	printf("%s %8llu %s\n", m, (unsigned long long)size, name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dirent *)a)->d_name, ((const struct dirent *)b)->d_name);
}

/* Lists one directory: 0 or 1. */
static int list_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		dprintf(2, "ls: %s: %s\n", path, errstr());
		return 1;
	}
	size_t n = 0, cap = 0;
	struct dirent *all = NULL, *e;
	while ((e = readdir(d)) != NULL) {
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			struct dirent *more = realloc(all, cap * sizeof *all);
			if (!more) {
				dprintf(2, "ls: %s: %s\n", path, "out of memory");
				free(all);
				closedir(d);
				return 1;
			}
			all = more;
		}
		all[n++] = *e;
	}
	closedir(d);
	qsort(all, n, sizeof *all, by_name);
	for (size_t i = 0; i < n; i++)
		show(all[i].d_name, all[i].d_mode, all[i].d_size);
	free(all);
	return 0;
}

static int list(const char *path, int header)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		dprintf(2, "ls: %s: %s\n", path, errstr());
		return 1;
	}
	if (!S_ISDIR(st.mode)) {
		show(path, st.mode, st.size);
		return 0;
	}
	if (header)
		printf("%s:\n", path);
	return list_dir(path);
}

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-l") == 0)
			longform = 1;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			usage();
	}
	if (i == argc)
		return list(".", 0);
	int status = 0;
	for (int j = i; j < argc; j++)
		status |= list(argv[j], argc - i > 1);
	return status;
}
