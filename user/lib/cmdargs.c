/* What several commands share (libc_io.h): ls's mode column, mount's and bind's options. */
#include "libc_io.h"

#include <ferrite/syscall.h>
#include <p9.h>

void libc_mode_string(uint32_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	out[0] = mode & P9_DMDIR ? 'd' : '-';
	for (unsigned i = 0; i < 9; i++)
		out[1 + i] = mode & (1u << (8 - i)) ? rwx[i] : '-';
	out[10] = '\0';
}

int libc_ns_flags(int argc, char *const argv[], unsigned *flags)
{
	bool before = false, after = false, create = false;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (a[1] == '-' && a[2] == '\0') {
			i++;
			break;
		}
		if (a[1] == '\0')
			return -1;
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'b')
				before = true;
			else if (*p == 'a')
				after = true;
			else if (*p == 'c')
				create = true;
			else
				return -1;
		}
	}
	if (before && after)
		return -1;
	*flags = (before ? NS_FLAG_BEFORE : after ? NS_FLAG_AFTER : NS_FLAG_REPLACE) |
		 (create ? NS_FLAG_CREATE : 0);
	return i;
}
