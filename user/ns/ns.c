/* ns: this namespace's mounts and binds, one per line, as the kernel lists them (docs/commands.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys_ns.h"

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		dprintf(2, "usage: ns\n");
		return 1;
	}
	/* The table may grow between the two calls (another process sharing it): ask again. */
	size_t size = 1024;
	for (;;) {
		char *buf = malloc(size);
		if (!buf) {
			dprintf(2, "ns: %s\n", strerror(ENOMEM));
			return 1;
		}
		long n = sys_ns_list(buf, size);
		if (n < 0) {
			dprintf(2, "ns: %s\n", err_str((int)n));
			return 1;
		}
		if ((size_t)n <= size) {
			if (n && write(1, buf, (size_t)n) != n) {
				dprintf(2, "ns: write: %s\n", errstr());
				return 1;
			}
			if (n && buf[n - 1] != '\n')
				write(1, "\n", 1);
			return 0;
		}
		free(buf);
		size = (size_t)n + 256;
	}
}
