/* selftest: the in-kernel self-tests run when the command line holds `selftest`. They use only
 * portable interfaces (pmm, slab, hal.h), so every architecture passes the same checks. The last
 * line is `selftest: N passed, N failed`. */
#ifndef SELFTEST_H
#define SELFTEST_H

void selftest_run(void);

#endif
