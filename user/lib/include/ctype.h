/* ctype.h: character classes of the "C" locale (the only locale). Any int is a valid argument:
 * outside EOF and 0..255 the answer is 0, never a read outside a table. */
#ifndef _CTYPE_H
#define _CTYPE_H

int isalpha(int c);
int isdigit(int c);
int isalnum(int c);
int isxdigit(int c);
int islower(int c);
int isupper(int c);
int isspace(int c);
int isblank(int c);
int iscntrl(int c);
int isprint(int c);
int isgraph(int c);
int ispunct(int c);
int tolower(int c);
int toupper(int c);

#endif
