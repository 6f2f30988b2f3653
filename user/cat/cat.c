/* cat [file...]: each file in turn to fd 1; with no files (or "-"), fd 0 (docs/commands.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

/* Copies fd to fd 1: 0, or 1 after printing why it stopped. */
static int copy(int fd, const char *name)
{
	for (;;) {
		long n = read(fd, buf, sizeof buf);
		if (n == 0)
			return 0;
		if (n < 0) {
			dprintf(2, "cat: %s: %s\n", name, errstr());
			return 1;
		}
		if (write(1, buf, (size_t)n) != n) {
			dprintf(2, "cat: write: %s\n", errstr());
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return copy(0, "stdin");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= copy(0, "stdin");
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			dprintf(2, "cat: %s: %s\n", argv[i], errstr());
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
