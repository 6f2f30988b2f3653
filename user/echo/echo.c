/* echo [-n] args: the arguments, separated by spaces, and a newline unless -n (docs/commands.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1;
	int newline = 1;
	if (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = 0;
		i++;
	}
	/* One write for the whole line, so a reader sees it in one piece. */
	size_t len = 1;
	for (int j = i; j < argc; j++)
		len += strlen(argv[j]) + 1;
	char *line = malloc(len);
	if (!line) {
		dprintf(2, "echo: %s\n", strerror(ENOMEM));
		return 1;
	}
	size_t n = 0;
	for (int j = i; j < argc; j++) {
		if (j > i)
			line[n++] = ' ';
		size_t k = strlen(argv[j]);
		memcpy(line + n, argv[j], k);
		n += k;
	}
	if (newline)
		line[n++] = '\n';
	if (n && write(1, line, n) != (long)n) {
		dprintf(2, "echo: write: %s\n", errstr());
		return 1;
	}
	return 0;
}
