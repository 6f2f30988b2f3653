/*
 * spinlock: short critical sections. Taking one masks interrupts on this CPU first (an interrupt
 * handler taking the same lock would otherwise deadlock against the code it interrupted), then
 * spins on an atomic flag (other CPUs, once SMP arrives). Acquire/release ordering on the flag is
 * what makes the protected data visible to the next holder.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <hal.h>
#include <stdbool.h>

struct spinlock {
	volatile int locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, n }

static inline bool spin_lock_irqsave(struct spinlock *l)
{
	bool irq = hal_irq_save();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	return irq;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, bool irq)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	hal_irq_restore(irq);
}

static inline bool spin_is_locked(const struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#endif
