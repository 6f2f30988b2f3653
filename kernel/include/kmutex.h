/* kmutex: a sleeping kernel mutex with priority inheritance (pi.h). Not for interrupt handlers. */
#ifndef KMUTEX_H
#define KMUTEX_H

#include <pi.h>

struct kmutex {
	struct pi_mutex pi;
};

void kmutex_init(struct kmutex *m, const char *name);
void kmutex_lock(struct kmutex *m);
void kmutex_unlock(struct kmutex *m);

#endif
