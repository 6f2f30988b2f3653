/* rm path...: removes files and empty directories (docs/commands.md). */
#include <errno.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		dprintf(2, "usage: rm path...\n");
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (remove(argv[i]) != 0) {
			dprintf(2, "rm: %s: %s\n", argv[i], errstr());
			status = 1;
		}
	}
	return status;
}
