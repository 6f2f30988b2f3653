/* mkdir path...: new directories, mode 0755 (docs/commands.md). */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		dprintf(2, "usage: mkdir path...\n");
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (mkdir(argv[i], 0755) != 0) {
			dprintf(2, "mkdir: %s: %s\n", argv[i], errstr());
			status = 1;
		}
	}
	return status;
}
