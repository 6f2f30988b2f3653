/*
 * The priority-inversion demonstration (`pi-demo` on the command line). Three kernel threads:
 * `lo` (priority 10) takes a mutex and needs 30 ms of CPU inside it; `hi` (50) wakes at 5 ms and
 * needs the same mutex for 5 ms; `mid` (30) wakes at 6 ms and computes for 100 ms without it.
 * With inheritance, lo runs at hi's priority while hi waits, so hi finishes long before mid.
 * Without it (`nopi`), mid keeps lo from ever releasing the mutex and hi finishes last.
 */
#include <console.h>
#include <hal.h>
#include <kmutex.h>
#include <mem.h>
#include <pi.h>
#include <sched.h>
#include <thread.h>

#define MS 1000000ull

static struct kmutex demo_mutex;
static volatile unsigned finished;
/* Copies, not pointers: the idle thread reaps a finished thread (and its name) at any time. */
static char order[3][THREAD_NAME_MAX];
static uint64_t start_ns;

/* Uses ms of this thread's own CPU time, however often it is preempted meanwhile. */
static void compute(uint64_t ms)
{
	uint64_t begin = thread_runtime_ns();
	while (thread_runtime_ns() - begin < ms * MS)
		;
}

static void record(void)
{
	struct thread *t = thread_current();
	bool irq = spin_lock_irqsave(&sched_lock);
	mem_strlcpy(order[finished++], t->name, sizeof order[0]);
	spin_unlock_irqrestore(&sched_lock, irq);
	kprintf("pi-demo: %s finished at %llu ms\n", t->name,
		(unsigned long long)((hal_time_ns() - start_ns) / MS));
}

static void lo_main(void *arg)
{
	(void)arg;
	kmutex_lock(&demo_mutex);
	compute(30);
	kmutex_unlock(&demo_mutex);
	record();
}

static void hi_main(void *arg)
{
	(void)arg;
	thread_sleep_until(start_ns + 5 * MS);
	kmutex_lock(&demo_mutex);
	compute(5);
	kmutex_unlock(&demo_mutex);
	record();
}

static void mid_main(void *arg)
{
	(void)arg;
	thread_sleep_until(start_ns + 6 * MS);
	compute(100);
	record();
}

void pi_demo_run(void)
{
	kmutex_init(&demo_mutex, "pi-demo");
	finished = 0;
	kprintf("pi-demo: priority inheritance %s\n", pi_enabled() ? "on" : "off (nopi)");
	/* The boot thread waits at the top priority so it can watch; the three run below it. */
	pi_set_base(&thread_current()->se, (struct sched_params){ SCHED_PRIO_MAX, SCHED_NO_DEADLINE });
	start_ns = hal_time_ns();
	struct thread *lo = thread_create("lo", 10, SCHED_NO_DEADLINE, lo_main, NULL);
	struct thread *hi = thread_create("hi", 50, SCHED_NO_DEADLINE, hi_main, NULL);
	struct thread *mid = thread_create("mid", 30, SCHED_NO_DEADLINE, mid_main, NULL);
	if (!lo || !hi || !mid) {
		kprintf("pi-demo: out of memory creating threads\n");
		return;
	}
	thread_start(lo);
	thread_start(hi);
	thread_start(mid);
	while (finished < 3)
		thread_sleep_ns(10 * MS);
	kprintf("pi-demo: finish order: %s %s %s\n", order[0], order[1], order[2]);
	bool hi_before_mid = false;
	for (int i = 0; i < 3; i++) {
		if (order[i][0] == 'h') {
			hi_before_mid = true;
			break;
		}
		if (order[i][0] == 'm')
			break;
	}
	kprintf("pi-demo: the high-priority thread finished %s the medium one\n",
		hi_before_mid ? "before" : "after");
	thread_reap();
}
