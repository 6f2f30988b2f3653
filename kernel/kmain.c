/*
 * Ferrite kernel entry. Principles, in the order they win when they conflict:
 *   1. The kernel owns only threads, address spaces, IPC, capabilities and IRQ routing; anything
 *      that can be a userspace server is one.
 *   2. No input from outside (loader, user, device) can crash it: every parser is strict and
 *      reports what was wrong.
 *   3. Portable code never names an architecture; kernel/arch/<arch>/ fills in hal.h.
 */
#include <bootinfo.h>
#include <boot.h>
#include <cmdline.h>
#include <console.h>
#include <hal.h>
#include <panic.h>
#include <pi.h>
#include <pmm.h>
#include <process.h>
#include <mem.h>
#include <sched.h>
#include <selftest.h>
#include <slab.h>
#include <sys_dev.h>
#include <uart.h>

/* Linker-script symbols bounding the loaded kernel image (text, data and bss). */
extern char __kernel_start[], __kernel_end[];

static struct bootinfo boot_info;

void pi_demo_run(void);

/* Architectures without self-tests leave hal_selftest undefined. */
__attribute__((weak)) void hal_selftest(void)
{
}

/* Only the no-MMU ports define hal_mmu_translates; every other one translates. */
__attribute__((weak)) bool hal_mmu_translates(void)
{
	return true;
}

static void print_size(uint64_t size)
{
	if (size >= (1ull << 30) && size % (1ull << 30) == 0)
		kprintf("%llu GiB", (unsigned long long)(size >> 30));
	else if (size >= (1ull << 20))
		kprintf("%llu MiB", (unsigned long long)(size >> 20));
	else
		kprintf("%llu KiB", (unsigned long long)((size + 1023) >> 10));
}

static void print_range(const char *kind, const struct boot_range *r)
{
	kprintf("  %-8s 0x%016llx-0x%016llx  ", kind, (unsigned long long)r->base,
		(unsigned long long)(r->base + r->size - 1));
	print_size(r->size);
	kprintf("  %s\n", r->what);
}

static void print_bootinfo(const struct bootinfo *bi)
{
	kprintf("memory map (from %s):\n", bi->memory_source);
	for (unsigned i = 0; i < bi->n_usable; i++)
		print_range("usable", &bi->usable[i]);
	for (unsigned i = 0; i < bi->n_reserved; i++)
		print_range("reserved", &bi->reserved[i]);
	if (bi->dropped)
		kprintf("  warning: %u entries did not fit and were dropped\n", bi->dropped);
	for (unsigned i = 0; i < bi->n_modules; i++)
		kprintf("module %u: 0x%llx, %llu bytes, \"%s\"\n", i,
			(unsigned long long)bi->modules[i].base,
			(unsigned long long)bi->modules[i].size, bi->modules[i].name);
	if (bi->dtb_base)
		kprintf("device tree at 0x%llx, %llu bytes\n", (unsigned long long)bi->dtb_base,
			(unsigned long long)bi->dtb_size);
	if (bi->has_fb)
		kprintf("framebuffer: %ux%u, %u bpp, %s, at 0x%llx\n", bi->fb.width, bi->fb.height,
			bi->fb.bpp, bi->fb.type == BOOT_FB_RGB ? "rgb" :
			bi->fb.type == BOOT_FB_EGA_TEXT ? "ega text" : "indexed",
			(unsigned long long)bi->fb.base);
	if (bi->acpi_rsdp)
		kprintf("ACPI RSDP at 0x%llx\n", (unsigned long long)bi->acpi_rsdp);
	kprintf("command line: \"%s\"%s\n", bi->cmdline,
		bi->cmdline_truncated ? " (truncated: longer than the kernel keeps)" : "");
}

#ifdef CONFIG_ARCH_CORE
/* Deliberately overflows the kernel stack: the guard page must catch it. */
static unsigned overflow_stack(unsigned depth)
{
	volatile char pad[512];
	pad[0] = (char)depth;
	if (depth == UINT32_MAX) /* never: keeps the compiler from calling this infinite */
		return 0;
	return overflow_stack(depth + 1) + pad[0];
}

#ifdef CONFIG_ARCH_THREADS
/* Recurses depth frames deep, writing every byte of each frame's buffer on the way down, so the
 * stack's lowest words are overwritten when it runs past them. */
static unsigned fill_frames(unsigned depth)
{
	volatile char pad[512];
	for (unsigned i = 0; i < sizeof pad; i++)
		pad[i] = (char)depth;
	if (depth == 0)
		return pad[0];
	return fill_frames(depth - 1) + pad[1];
}

/* A kernel thread that runs past the bottom of its stack by a few frames and, if nothing stopped
 * it on the way (a guard page does, where there is translation), comes back and switches away:
 * the no-MMU port must catch it there. */
static void thread_overflow(void *arg)
{
	(void)arg;
	unsigned frames = THREAD_STACK_PAGES * PAGE_SIZE / 512 + 4;
	kprintf("thread-overflow-test: %u frames of 512 bytes on a %u KiB kernel stack\n", frames,
		(unsigned)(THREAD_STACK_PAGES * PAGE_SIZE / 1024));
	fill_frames(frames);
	kprintf("thread-overflow-test: back from below the stack; switching away\n");
	thread_sleep_ns(1000000ull); /* a switch for certain: a yield with no one waiting is none */
	kprintf("thread-overflow-test: the overflow went unnoticed\n");
}

/* Starts a program the command line names, with argv = its name and the command line's words
 * (docs/syscalls.md, proc_args), holding root (or nothing, when root is NULL). */
static void spawn(const char *name, struct kobject *root)
{
	static char args[BOOTINFO_CMDLINE_MAX + BOOTINFO_NAME_MAX + 2];
	_Static_assert(sizeof args <= PROC_ARGS_MAX, "the arguments must fit a block");
	struct process_extra extra = { args, cmdline_args_block(name, args, sizeof args), NULL };
	uint32_t root_rights = DEV_ROOT_RIGHTS;
	unsigned pid;
	int code;
	const char *err = process_spawn_with(name, 20, SCHED_NO_DEADLINE, root ? &root : NULL,
					     root ? &root_rights : NULL, root ? 1 : 0, NULL, &extra,
					     &pid, &code);
	if (err)
		kprintf("exec %s: %s\n", name, err);
}

/* Starts init (and, for tests, `exec=NAME` first) and waits until every process has exited. */
static void run_userspace(void)
{
	const char *err = process_init();
	if (err) {
		kprintf("bootfs: unusable boot archive: %s\n", err);
		return;
	}
	char name[BOOTINFO_NAME_MAX];
	if (cmdline_value("exec", name, sizeof name))
		spawn(name, NULL);
	if (!cmdline_value("init", name, sizeof name))
		mem_strlcpy(name, "init", sizeof name);
	/* init alone gets the root resource, the authority over devices it slices for drivers
	 * (docs/devices.md); nothing else in the system can create one. */
	spawn(name, dev_root_resource());
	while (process_count() > 0)
		thread_sleep_ns(10000000ull);
	kprintf("kmain: every user process has exited\n");
}
#endif

/* Memory, traps, paging, interrupts and time: everything the kernel needs before threads. */
static void core_init(void)
{
	const char *err = pmm_init(&boot_info);
	if (err)
		panic("pmm: %s", err);
	kprintf("pmm: %zu frames (%zu MiB) free\n", pmm_free_pages(),
		(size_t)(((uint64_t)pmm_free_pages() * PAGE_SIZE) >> 20));
	hal_trap_init();
	hal_mmu_init(&boot_info);
	uart_set_base((uintptr_t)hal_mmio_map(uart_phys_base(), PAGE_SIZE));
	slab_init();
	hal_irq_init(&boot_info);
	hal_timer_init(&boot_info);
#ifdef CONFIG_ARCH_THREADS
	sched_init();
	if (cmdline_has("nopi"))
		pi_set_enabled(false);
#endif

	if (cmdline_has("selftest"))
		selftest_run();
#ifdef CONFIG_ARCH_THREADS
	if (cmdline_has("pi-demo"))
		pi_demo_run();
	if (!cmdline_has("nouser"))
		run_userspace();
	if (cmdline_has("thread-overflow-test")) {
		struct thread *t = thread_create("overflow", 20, SCHED_NO_DEADLINE, thread_overflow,
						 NULL);
		if (t)
			thread_start(t);
		thread_sleep_ns(100000000ull);
	}
#endif
	if (cmdline_has("fault-test")) {
		kprintf("fault-test: reading from an unmapped kernel address\n");
		uintptr_t va = hal_kernel_va_reserve(PAGE_SIZE);
		(void)*(volatile uint8_t *)va;
	}
	if (cmdline_has("overflow-test")) {
		kprintf("overflow-test: recursing until the kernel stack overflows\n");
		overflow_stack(0);
	}
}
#endif

void kmain(uintptr_t arg0, uintptr_t arg1)
{
	console_init();
	const char *err = boot_collect(&boot_info, arg0, arg1);
	cmdline_set(boot_info.cmdline);

	kprintf("Ferrite %s board=%s arch=%s boot=%s\n", FERRITE_VERSION, FERRITE_BOARD,
		FERRITE_ARCH, FERRITE_BOOT);
	if (err)
		panic("boot information from the loader is unusable: %s", err);
#ifdef CONFIG_ARCH_CORE
	/* A higher-half kernel's symbols are virtual; the reservation is physical. */
	uint64_t kernel_phys = hal_virt_to_phys(__kernel_start);
#else
	uint64_t kernel_phys = (uintptr_t)__kernel_start;
#endif
	bootinfo_add_reserved(&boot_info, kernel_phys, (uintptr_t)(__kernel_end - __kernel_start),
			      "kernel");
	print_bootinfo(&boot_info);

#ifdef CONFIG_ARCH_CORE
	core_init();
#endif
	hal_selftest();

	/* Lets the system tests check the panic path end to end. */
	if (cmdline_has("panic-test"))
		panic("panic-test on the command line");

	kprintf("kmain: boot complete, nothing more to run yet\n");
	if (cmdline_has("poweroff")) {
		kprintf("kmain: powering off\n");
		hal_poweroff(false);
	}
	hal_halt();
}
