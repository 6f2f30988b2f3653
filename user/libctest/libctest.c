/*
 * libctest: the C library's standard names, run on the target (system test `libc`). The host
 * unit tests check the portable cores; this checks what they cannot: the freestanding bindings,
 * errno, the heap arena the linker reserves, atexit through exit, and the build for each
 * architecture. Each line states a result the case compares.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 64 KiB of heap instead of the default (mk/user.mk: libctest_HEAP_SIZE). */
#define HEAP_SIZE 0x10000

static void bye(void)
{
	printf("libctest: atexit handler ran\n");
}

int main(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%s-%d-%#x", "fmt", -42, 255);
	printf("libctest: snprintf \"%s\" %d\n", buf, n);

	errno = 0;
	char *end;
	long v = strtol("  -1234xyz", &end, 10);
	printf("libctest: strtol %ld rest \"%s\" errno %d\n", v, end, errno);
	v = strtol("99999999999999999999", &end, 10);
	printf("libctest: strtol overflow errno %s\n", errno == ERANGE ? "ERANGE" : "wrong");
	errno = 0;
	strtoul("zz", &end, 10);
	printf("libctest: strtoul no digits errno %s\n", errno == EINVAL ? "EINVAL" : "wrong");

	printf("libctest: ctype %d%d%d%d\n", !!isalpha('q'), !!isdigit('7'), !!isspace('\t'),
	       toupper('a') == 'A');
	const char *path = "/usr/glenda/lib";
	printf("libctest: strrchr \"%s\" strchr \"%s\"\n", strrchr(path, '/'), strchr(path + 1, '/'));
	size_t want = strlcpy(buf, "a string longer than eight", 8);
	printf("libctest: strlcpy \"%s\" wanted %zu\n", buf, want);

	/* The heap: fill it, count, free everything, do it again: the same count means every block
	 * came back and merged. */
	int rounds[2];
	for (int r = 0; r < 2; r++) {
		void *blocks[512];
		int k = 0;
		errno = 0;
		while (k < 512 && (blocks[k] = malloc(1000)) != NULL) {
			memset(blocks[k], k, 1000);
			k++;
		}
		int enomem = errno == ENOMEM;
		int intact = 1;
		for (int i = 0; i < k; i++) {
			intact &= ((unsigned char *)blocks[i])[999] == (unsigned char)i;
			free(blocks[i]);
		}
		rounds[r] = k;
		printf("libctest: heap round %d: %d blocks of 1000 bytes, then %s, contents %s\n", r, k,
		       enomem ? "ENOMEM" : "no error?!", intact ? "intact" : "damaged");
	}
	printf("libctest: heap %s\n", rounds[0] == rounds[1] && rounds[0] * 1000 < HEAP_SIZE &&
					       rounds[0] * 1016 > HEAP_SIZE - 2048
				       ? "size as configured"
				       : "size wrong");
	char *p = calloc(10, 10);
	p = realloc(p, 5000);
	printf("libctest: calloc+realloc %s\n", p && p[99] == 0 ? "ok" : "failed");
	free(p);
	printf("libctest: strerror(ENOMEM) \"%s\"\n", strerror(ENOMEM));

	atexit(bye);
	printf("libctest: done\n");
	return 3; /* through exit(): the handler runs, then status 3 */
}
