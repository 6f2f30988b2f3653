/* Host stand-ins for hal.h's memory calls and for panic(); see kstubs.h. */
#include "kstubs.h"
#include <chan.h>
#include <err.h>
#include <hal.h>
#include <sched.h>
#include <string.h>
#include <panic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static uint8_t *ram;
static uint64_t ram_base;
static size_t ram_size;

jmp_buf *kstubs_panic_jmp;
char kstubs_panic_msg[256];

void kstubs_ram(uint64_t base, size_t size)
{
	free(ram);
	ram = aligned_alloc(PAGE_SIZE, size);
	if (!ram)
		abort();
	ram_base = base;
	ram_size = size;
}

uint64_t kstubs_ram_base(void)
{
	return ram_base;
}

size_t kstubs_ram_size(void)
{
	return ram_size;
}

void *hal_phys_to_virt(uint64_t phys)
{
	if (phys < ram_base || phys - ram_base >= ram_size) {
		fprintf(stderr, "kstubs: physical 0x%llx is outside the fake RAM\n",
			(unsigned long long)phys);
		abort();
	}
	return ram + (phys - ram_base);
}

uint64_t hal_virt_to_phys(const void *virt)
{
	const uint8_t *p = virt;
	if (p < ram || p >= ram + ram_size) {
		fprintf(stderr, "kstubs: %p is not in the fake RAM\n", virt);
		abort();
	}
	return ram_base + (uint64_t)(p - ram);
}

/* Spinlocks mask interrupts; the host has none, so only the flag they save and restore is kept. */
static bool irq_enabled = true;

bool hal_irq_save(void)
{
	bool was = irq_enabled;
	irq_enabled = false;
	return was;
}

void hal_irq_restore(bool enabled)
{
	irq_enabled = enabled;
}

uint64_t hal_boot_phys_limit(void)
{
	return UINT64_MAX;
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(kstubs_panic_msg, sizeof kstubs_panic_msg, fmt, ap);
	va_end(ap);
	if (kstubs_panic_jmp)
		longjmp(*kstubs_panic_jmp, 1);
	fprintf(stderr, "unexpected panic: %s at %s:%d\n", kstubs_panic_msg, file, line);
	abort();
}

int kstubs_expect_panic(void (*fn)(void *), void *arg)
{
	jmp_buf jb;
	jmp_buf *saved = kstubs_panic_jmp;
	kstubs_panic_msg[0] = '\0';
	if (setjmp(jb)) {
		kstubs_panic_jmp = saved;
		return 1;
	}
	kstubs_panic_jmp = &jb;
	fn(arg);
	kstubs_panic_jmp = saved;
	return 0;
}

/* The scheduler lock that channel code takes (kernel/sched.c is not built on the host). */
struct spinlock sched_lock = SPINLOCK_INIT("sched (host)");

void (*kstubs_chan_wake)(struct thread *t, bool delivered);

void chan_wake_waiter_locked(struct thread *t, bool delivered)
{
	if (kstubs_chan_wake)
		kstubs_chan_wake(t, delivered);
}

void (*kstubs_objwait_wake)(struct thread *t);

void objwait_wake_locked(struct thread *t)
{
	if (kstubs_objwait_wake)
		kstubs_objwait_wake(t);
}

/* User copies: a "user address" is a host pointer; the first page stands for unmapped memory. */
int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len)
{
	if (user_src < PAGE_SIZE)
		return ERR_FAULT;
	memcpy(dst, (const void *)user_src, len);
	return 0;
}

int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len)
{
	if (user_dst < PAGE_SIZE)
		return ERR_FAULT;
	memcpy((void *)user_dst, src, len);
	return 0;
}
