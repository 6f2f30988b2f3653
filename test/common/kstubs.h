/*
 * kstubs: stand-ins for the few kernel services the portable allocators call, so pmm and slab run
 * on the host, and the interrupt mask that spinlocks save and restore. Physical memory is one host
 * buffer ("RAM" at kstubs_ram_base); panic() records its message and jumps back to the test that
 * expected it.
 */
#ifndef KSTUBS_H
#define KSTUBS_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes size bytes of fake RAM at physical base (replacing any earlier one). */
void kstubs_ram(uint64_t base, size_t size);
uint64_t kstubs_ram_base(void);
size_t kstubs_ram_size(void);

/* While set, panic() copies its message to kstubs_panic_msg and longjmps here. */
extern jmp_buf *kstubs_panic_jmp;
extern char kstubs_panic_msg[256];

/* Runs fn(arg); returns 1 if it panicked (message in kstubs_panic_msg), 0 if it returned. */
int kstubs_expect_panic(void (*fn)(void *), void *arg);

/* Channel code wakes waiters through chan_wake_waiter_locked; tests watch it with this hook.
 * hal_copy_from_user/to_user treat user addresses as host pointers, below 4 KiB as unmapped. */
struct thread;
extern void (*kstubs_chan_wake)(struct thread *t, bool delivered);
/* Objects with observers offer each observer's thread a wake-up through objwait_wake_locked
 * (objwait.h); tests watch it with this hook. */
extern void (*kstubs_objwait_wake)(struct thread *t);

#endif
