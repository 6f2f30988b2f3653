/*
 * hal: the one interface between the portable kernel and an architecture. Every folder
 * kernel/arch/<arch>/ implements all of it (with the same file names in each folder); portable code
 * includes nothing else from kernel/arch.
 *
 * Entry contract: the architecture's entry.S sets up a stack, clears .bss and calls
 * kmain(arg0, arg1) with interrupts off, where arg0/arg1 are what the boot protocol put in
 * registers, normalised so that each protocol adapter finds them in the same place on every
 * architecture: a device tree pointer in arg0 (BOOT=raw), or the Multiboot/PVH magic in arg0 and
 * the info pointer in arg1.
 */
#ifndef HAL_H
#define HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bootinfo;

void kmain(uintptr_t arg0, uintptr_t arg1) __attribute__((noreturn));

/* Masks interrupts on this CPU. */
void hal_irq_disable(void);

/* Stops this CPU for good: interrupts masked, waiting for an interrupt in a loop. */
void hal_halt(void) __attribute__((noreturn));

/* Powers the machine off. failure asks the platform to report an error exit where it can (QEMU's
 * the pc machine's debug-exit device, an SBI reset reason); falls back to hal_halt(). */
void hal_poweroff(bool failure) __attribute__((noreturn));

/* Runs the architecture's own self-tests that the command line asks for (the no-MMU board's pmp-test).
 * Optional: where an architecture has none, a weak no-op in kmain.c stands in. */
void hal_selftest(void);

/* Physical addresses below this are readable at boot through the loader's identity mapping. */
uint64_t hal_boot_phys_limit(void);

/* Port I/O: defined only by architectures that have an I/O port space; a driver uses it only when its
 * board says so, so on other architectures an accidental use fails to link. */
void hal_pio_write8(uint16_t port, uint8_t value);
uint8_t hal_pio_read8(uint16_t port);


/* ------------------------------------------------------------------------------------------------
 * Memory management. Pages are 4 KiB everywhere. Every architecture runs the kernel in its own
 * higher-half mapping and keeps a direct map of physical RAM for the kernel's use.
 */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)

/* Kernel pointer to physical memory: before hal_mmu_init() the boot identity mapping, after it
 * the direct map. Valid for all RAM the bootinfo describes as usable. */
void *hal_phys_to_virt(uint64_t phys);
/* Inverse of hal_phys_to_virt for direct-map and kernel-image addresses. */
uint64_t hal_virt_to_phys(const void *virt);

/*
 * Builds the kernel's final address space and switches to it: the kernel image at its higher-half
 * address with W^X per section (text R+X, rodata R, data and bss R+W), the direct map of every
 * usable range (R+W, never X), a guard page below the boot stack; then tears down the low
 * identity mapping the boot code used. Page tables come from pmm (pmm_init must have run). Prints
 * one summary line.
 */
void hal_mmu_init(const struct bootinfo *bi);

/* Maps size bytes of device registers at phys into kernel space (uncached, never executable) and
 * returns the address; panics if out of kernel virtual space. */
void *hal_mmio_map(uint64_t phys, size_t size);

/* Reserves size bytes (page-aligned) of unused kernel virtual address space, for mappings the
 * caller makes itself with hal_space_map(hal_space_kernel(), ...); panics when exhausted. */
uintptr_t hal_kernel_va_reserve(size_t size);

/*
 * Whether this board translates addresses. False on the no-MMU boards (machine mode and
 * PMP), where every address is physical and the interface below means less: the direct map is the
 * identity, hal_space_map requires va == pa (ERR_INVAL otherwise) and grants the physical range
 * to the space's user mode, hal_space_switch loads those grants into the protection unit, and
 * hal_kernel_va_reserve returns addresses that always fault, where nothing can be mapped. The
 * architecture's memory document says what else differs. True everywhere else (a weak default).
 */
bool hal_mmu_translates(void);

/* Attributes of a mapping. R is implied by any mapping; W and X together are refused. */
enum {
	HAL_MAP_R = 1u << 0,
	HAL_MAP_W = 1u << 1,
	HAL_MAP_X = 1u << 2,
	HAL_MAP_USER = 1u << 3,   /* reachable from user mode (lower half only) */
	HAL_MAP_DEVICE = 1u << 4, /* device memory: uncached, strongly ordered */
};

/* An address space's translation tables; the layout is the architecture's. */
struct hal_space;

/* The kernel's own space (after hal_mmu_init). */
struct hal_space *hal_space_kernel(void);
/* A new space whose user half is empty and whose kernel half is the kernel's; NULL when out of
 * memory. */
struct hal_space *hal_space_create(void);
/* Frees the space's own tables (not the pages it mapped). Must not be the current space. */
void hal_space_destroy(struct hal_space *space);
/*
 * Maps [va, va+len) to [pa, pa+len). va, pa and len must be page-aligned and len > 0; user spaces
 * take only lower-half addresses with HAL_MAP_USER, the kernel space only upper-half ones.
 * Returns 0, ERR_INVAL (alignment, range, W+X), ERR_EXIST (a page in the range is mapped; nothing
 * is changed) or ERR_NOMEM (nothing is changed).
 */
int hal_space_map(struct hal_space *space, uintptr_t va, uint64_t pa, size_t len, unsigned attrs);
/* Unmaps every page of the range that is mapped, with the TLB shootdown that needs; returns 0 or
 * ERR_INVAL. Unmapped pages in the range are not an error. */
int hal_space_unmap(struct hal_space *space, uintptr_t va, size_t len);
/* Changes the attributes of every page in the range; ERR_NOENT if any page is unmapped (then
 * nothing is changed), ERR_INVAL as for map. */
int hal_space_protect(struct hal_space *space, uintptr_t va, size_t len, unsigned attrs);
/* Translates va; false when unmapped. pa and attrs may be NULL. */
bool hal_space_lookup(struct hal_space *space, uintptr_t va, uint64_t *pa, unsigned *attrs);
/* Makes space current on this CPU (its user half; the kernel half is always present). */
void hal_space_switch(struct hal_space *space);

/* ------------------------------------------------------------------------------------------------
 * Traps. The architecture decodes every synchronous exception into a struct trap_info and calls
 * trap_fault() (kernel/trap.c), which reports it and panics for kernel-mode faults. A kernel stack
 * overflow runs the handler on a separate stack and is named as such.
 */
struct trap_frame; /* registers saved on entry; the layout is the architecture's */

struct trap_info {
	const char *what;   /* "page fault", "undefined instruction", "kernel stack overflow", ... */
	uintptr_t pc;       /* faulting instruction */
	uintptr_t addr;     /* faulting data address, when has_addr */
	bool has_addr;
	bool write;         /* the access was a write (when has_addr) */
	bool user;          /* taken from user mode */
	uint64_t code;      /* the raw cause: ESR_EL1, scause, vector | error code << 8 */
};

/* Installs the exception vectors (and the overflow stack). */
void hal_trap_init(void);
/* Prints the saved registers, one line per few registers. */
void hal_trap_dump(const struct trap_frame *tf);
/*
 * Reads one byte at va, catching a fault instead of reporting it: returns true and stores the
 * byte, or returns false and fills *fault (what, addr, write, code) when the access faulted.
 * hal_probe_write stores value likewise. Self-tests use these to see faults happen. Without
 * translation (hal_mmu_translates() false) the kernel reaches nearly everything, so while a user
 * space is current a probe accesses va with user-mode rights and sees that space's grants.
 */
bool hal_probe_read(uintptr_t va, uint8_t *value, struct trap_info *fault);
bool hal_probe_write(uintptr_t va, uint8_t value, struct trap_info *fault);

/* Called by architecture trap code; returns only for faults it can resume from (none yet). */
void trap_fault(const struct trap_info *ti, const struct trap_frame *tf);

/* ------------------------------------------------------------------------------------------------
 * Time. A monotonic clock in nanoseconds and a one-shot (tickless) timer per CPU.
 */
/* Finds the timer (device tree or ACPI), calibrates it where needed and prints its frequency. */
void hal_timer_init(const struct bootinfo *bi);
/* Nanoseconds since hal_timer_init; monotonic, never wraps in practice. */
uint64_t hal_time_ns(void);
/* Arms the one-shot timer for absolute time deadline_ns (a past deadline fires at once); the
 * interrupt calls timer_expired() (kernel/timer.c). Replaces any earlier deadline. */
void hal_timer_arm(uint64_t deadline_ns);
void hal_timer_disarm(void);
/* Called from the timer interrupt with interrupts masked. */
void timer_expired(void);

/* ------------------------------------------------------------------------------------------------
 * Interrupts. Lines are the controller's global numbers: GIC INTID, PLIC source, ACPI GSI. The
 * architecture acknowledges, calls irq_dispatch() (kernel/irq.c) and then signals end of
 * interrupt; a spurious interrupt calls irq_spurious() instead.
 */
/* Finds the controllers (device tree, ACPI MADT), masks every line, prints what it found. */
void hal_irq_init(const struct bootinfo *bi);
/* Unmasks / masks interrupts on this CPU. */
void hal_irq_enable(void);
/* Enables interrupts, waits for one, and returns with interrupts as they were before. */
void hal_wait_for_interrupt(void);
void hal_irq_unmask(unsigned line);
void hal_irq_mask(unsigned line);
/* Routes line to CPU cpu (only the boot CPU, 0, exists yet); ERR_INVAL for a bad line or CPU. */
int hal_irq_route(unsigned line, unsigned cpu);
/* The early console UART's interrupt line, as the firmware describes it, or -1 if unknown. */
int hal_irq_console_line(void);

void irq_dispatch(unsigned line);
void irq_spurious(void);

/* ------------------------------------------------------------------------------------------------
 * CPUs, threads and user mode (issue 4). A thread's kernel context lives on its own kernel stack:
 * switching pushes the callee-saved registers there and swaps stack pointers, so portable code
 * keeps only a saved stack pointer per thread. Traps and interrupts from user mode and from kernel
 * mode are taken on the running thread's kernel stack, so the scheduler may switch threads from
 * an interrupt's exit path.
 */
/* This CPU's index, 0 for the boot CPU. */
unsigned hal_cpu_id(void);

/* Masks interrupts and returns whether they were enabled; hal_irq_restore puts that back. */
bool hal_irq_save(void);
void hal_irq_restore(bool enabled);

/*
 * Prepares a new thread's kernel stack (stack_top is one past its highest byte, 16-byte aligned)
 * so that the first hal_switch to the returned stack pointer runs entry(arg) with interrupts still
 * masked (the scheduler lock is held across a switch; entry releases it and unmasks). entry must
 * never return.
 */
uintptr_t hal_stack_init(uintptr_t stack_top, void (*entry)(void *), void *arg);
/* Saves the current kernel context, stores its stack pointer in *save_sp, resumes next_sp. Called
 * with interrupts masked; the resumed context restores its own interrupt state. */
void hal_switch(uintptr_t *save_sp, uintptr_t next_sp);
/* Where traps from user mode land for the thread about to run (TSS.RSP0, sscratch, SP_EL1). */
void hal_set_kernel_stack(uintptr_t stack_top);
/* One past the highest user virtual address (user spaces cover [PAGE_SIZE, hal_user_limit())). */
uint64_t hal_user_limit(void);
/* Leaves the kernel for user mode at pc with stack sp and first argument register arg, in the
 * current address space. Never returns: the thread comes back only through traps. */
void hal_user_enter(uintptr_t pc, uintptr_t sp, uintptr_t arg) __attribute__((noreturn));

/*
 * Copies between kernel memory and the current user space, catching faults: returns 0, or
 * ERR_FAULT when any byte of the user range is outside the lower half, unmapped or lacks the
 * permission (the kernel never touches user memory any other way).
 */
int hal_copy_from_user(void *dst, uintptr_t user_src, size_t len);
int hal_copy_to_user(uintptr_t user_dst, const void *src, size_t len);

/* A system call as the architecture's entry code found it: number and six arguments, and the
 * result it will put back in the return register. */
struct syscall_frame {
	uintptr_t num;
	uintptr_t arg[6];
	intptr_t ret;
};
/* Portable dispatcher (kernel/syscall.c), called with interrupts enabled on the thread's stack. */
void syscall_entry(struct syscall_frame *f);
/* Called by the architecture on the way out of every interrupt and trap (with interrupts
 * masked): switches threads if the scheduler asked for it. */
void sched_preempt_point(void);

#endif
