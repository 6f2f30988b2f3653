/*
 * Character classes of the "C" locale (libc.h), computed rather than looked up in a table: no
 * 256-byte table to keep in every program, and an argument outside EOF and 0..255 (a plain char
 * that was negative, say) is simply not in any class instead of indexing outside an array.
 */
#include "libc.h"

static bool in(int c, int lo, int hi)
{
	return c >= lo && c <= hi;
}

int libc_isdigit(int c) { return in(c, '0', '9'); }
int libc_islower(int c) { return in(c, 'a', 'z'); }
int libc_isupper(int c) { return in(c, 'A', 'Z'); }
int libc_isalpha(int c) { return libc_islower(c) || libc_isupper(c); }
int libc_isalnum(int c) { return libc_isalpha(c) || libc_isdigit(c); }
int libc_isxdigit(int c) { return libc_isdigit(c) || in(c, 'a', 'f') || in(c, 'A', 'F'); }
/* space, \t \n \v \f \r */
int libc_isspace(int c) { return c == ' ' || in(c, '\t', '\r'); }
int libc_isblank(int c) { return c == ' ' || c == '\t'; }
int libc_iscntrl(int c) { return in(c, 0, 0x1f) || c == 0x7f; }
int libc_isprint(int c) { return in(c, 0x20, 0x7e); }
int libc_isgraph(int c) { return in(c, 0x21, 0x7e); }
int libc_ispunct(int c) { return libc_isgraph(c) && !libc_isalnum(c); }
int libc_tolower(int c) { return libc_isupper(c) ? c - 'A' + 'a' : c; }
int libc_toupper(int c) { return libc_islower(c) ? c - 'a' + 'A' : c; }

#if !__STDC_HOSTED__
#include <ctype.h>

int isalpha(int c) { return libc_isalpha(c); }
int isdigit(int c) { return libc_isdigit(c); }
int isalnum(int c) { return libc_isalnum(c); }
int isxdigit(int c) { return libc_isxdigit(c); }
int islower(int c) { return libc_islower(c); }
int isupper(int c) { return libc_isupper(c); }
int isspace(int c) { return libc_isspace(c); }
int isblank(int c) { return libc_isblank(c); }
int iscntrl(int c) { return libc_iscntrl(c); }
int isprint(int c) { return libc_isprint(c); }
int isgraph(int c) { return libc_isgraph(c); }
int ispunct(int c) { return libc_ispunct(c); }
int tolower(int c) { return libc_tolower(c); }
int toupper(int c) { return libc_toupper(c); }
#endif
