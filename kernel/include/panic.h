/*
 * panic: the kernel's way to stop when an invariant is broken. It prints the reason and where it
 * was raised, freezes the console so nothing follows the report, and halts (or powers off with a
 * failure status when the command line says `poweroff`, so tests end instead of timing out).
 */
#ifndef PANIC_H
#define PANIC_H

void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* States an invariant; a broken one panics naming the expression. */
#define assert(expr) \
	((expr) ? (void)0 : panic_at(__FILE__, __LINE__, "assertion failed: %s", #expr))

#endif
