/* cmdline: the kernel command line, a list of space-separated words (`selftest poweroff`). */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>

/* Remembers the command line; s must stay valid (it points into struct bootinfo). */
void cmdline_set(const char *s);
/* True when word appears as a whole word. */
bool cmdline_has(const char *word);

#endif
