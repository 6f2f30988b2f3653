/* cmdline: the kernel command line, a list of space-separated words (`selftest poweroff`). */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Remembers the command line; s must stay valid (it points into struct bootinfo). */
void cmdline_set(const char *s);
/* True when word appears as a whole word. */
bool cmdline_has(const char *word);
/* For a word `key=value`, copies value into buf (NUL-terminated) and returns true; false when the
 * key is absent or the value does not fit (never a silently shortened value). */
bool cmdline_value(const char *key, char *buf, size_t size);

/* An argument block (ferrite/syscall.h, proc_start) for init: argv0, then every word of the
 * command line, then the empty string that ends argv (no environment). Returns its length, or 0
 * when it does not fit size bytes (never a shortened block). */
size_t cmdline_args_block(const char *argv0, char *buf, size_t size);

#endif
