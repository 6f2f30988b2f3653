/*
 * pmp-test: shows PMP isolation working end to end, honestly scoped. There are no user processes
 * yet, so this is a minimal stand-in: a few instructions of user-mode code (below, in their own
 * 256-byte page) run with exactly two PMP regions — their code (r-x) and a 256-byte data page
 * (rw-) — and then try to store to a kernel variable. The store must fault into machine mode,
 * which reports it and carries on; the kernel checks that the permitted store landed and the
 * forbidden one did not.
 */
#include <cmdline.h>
#include <console.h>
#include <err.h>
#include <hal.h>
#include <pmm.h>
#include "pmp.h"
#include "trap_m.h"

#define PMP_TEST_PAGE 256u
#define PMP_TEST_MARK 0x600du

/* a0 = the user data page; word 0 holds the address to attack, word 1 receives the mark. If the
 * forbidden store is not stopped, the code reports it with an ecall (a0 = 1). */
__asm__(".pushsection .text.pmp_user, \"ax\", @progbits\n"
	".balign 256\n"
	".global pmp_user_code\n"
	"pmp_user_code:\n"
	"	lw	t0, 0(a0)\n"
	"	li	t1, 0x600d\n"
	"	sw	t1, 4(a0)\n"
	"	sw	t1, 0(t0)\n"
	"	li	a0, 1\n"
	"	ecall\n"
	"1:	j	1b\n"
	".balign 256\n"
	".popsection\n");
extern char pmp_user_code[];

static uint32_t pmp_user_page[PMP_TEST_PAGE / 4] __attribute__((aligned(PMP_TEST_PAGE)));
/* Outside every region user mode gets; the user code tries to overwrite it. */
static volatile uint32_t pmp_kernel_word = 0x4b45524eu;
static struct m_user_run pmp_run;

static bool pmp_test_setup(void)
{
	struct pmp_info info;
	pmp_probe(&info);
	kprintf("pmp: %u entries, granularity %u bytes\n", info.entries, (unsigned)info.granularity);
	if (info.entries < 2 || info.granularity > PMP_TEST_PAGE) {
		kprintf("pmp-test: FAILED: this hart's PMP cannot express the test's regions\n");
		return false;
	}
	pmp_clear_all();
	const char *err = pmp_set_region(0, (uintptr_t)pmp_user_code, PMP_TEST_PAGE, PMP_R | PMP_X);
	if (!err)
		err = pmp_set_region(1, (uintptr_t)pmp_user_page, PMP_TEST_PAGE, PMP_R | PMP_W);
	if (err) {
		kprintf("pmp-test: FAILED: programming the regions: %s\n", err);
		return false;
	}
	kprintf("pmp-test: user code 0x%08x +256 r-x (pmpcfg0 0x%02x), user data 0x%08x +256 rw- "
		"(pmpcfg1 0x%02x), all else denied to user mode\n",
		(unsigned)(uintptr_t)pmp_user_code, pmp_get_cfg(0), (unsigned)(uintptr_t)pmp_user_page,
		pmp_get_cfg(1));
	return true;
}

static void pmp_test(void)
{
	if (!pmp_test_setup())
		return;
	pmp_user_page[0] = (uint32_t)(uintptr_t)&pmp_kernel_word;
	pmp_user_page[1] = 0;
	kprintf("pmp-test: entering user mode (mret); it stores inside its page, then to the kernel "
		"word at 0x%08x\n", (unsigned)(uintptr_t)&pmp_kernel_word);

	m_user_current = &pmp_run;
	m_user_enter(&pmp_run.ctx, (uintptr_t)pmp_user_code,
		     (uintptr_t)pmp_user_page + PMP_TEST_PAGE, (uintptr_t)pmp_user_page);
	pmp_clear_all();

	const struct trap_frame *tf = &pmp_run.last;
	if (tf->mcause == MCAUSE_STORE_ACCESS || tf->mcause == MCAUSE_LOAD_ACCESS ||
	    tf->mcause == MCAUSE_FETCH_ACCESS)
		kprintf("pmp: access fault at 0x%08x stopped: user-mode %s (mcause %u), pc 0x%08x\n",
			(unsigned)tf->mtval, m_trap_cause_name(tf->mcause), (unsigned)tf->mcause,
			(unsigned)tf->mepc);
	else
		kprintf("pmp: user code stopped by %s (mcause 0x%x, mtval 0x%08x, pc 0x%08x)\n",
			m_trap_cause_name(tf->mcause), (unsigned)tf->mcause, (unsigned)tf->mtval,
			(unsigned)tf->mepc);

	bool ok = tf->mcause == MCAUSE_STORE_ACCESS &&
		  tf->mtval == (uint32_t)(uintptr_t)&pmp_kernel_word &&
		  pmp_kernel_word == 0x4b45524eu && pmp_user_page[1] == PMP_TEST_MARK;
	if (ok)
		kprintf("pmp-test: passed: the store inside the user page landed, the kernel word is "
			"still 0x%08x; kernel continues\n", (unsigned)pmp_kernel_word);
	else
		kprintf("pmp-test: FAILED: kernel word 0x%08x, user mark 0x%x\n",
			(unsigned)pmp_kernel_word, (unsigned)pmp_user_page[1]);
}

#ifdef CONFIG_ARCH_CORE
/*
 * With the core (mmu_m.c), the PMP encoding of user spaces: merged and split grants take the
 * entries they should, a change the entries cannot hold fails with ERR_NOMEM and changes nothing,
 * and probes with user rights see exactly the grants. The portable selftest checks the hal.h
 * promises; this checks what only this port has.
 */
#define A_FIELD(cfg) (((cfg) >> 3) & 3u) /* 1 TOR, 3 NAPOT */

static bool user_reaches(uintptr_t va)
{
	struct trap_info fault;
	uint8_t v;
	return hal_probe_read(va, &v, &fault);
}

static void pmp_grant_test(void)
{
	enum { ORDER = 5, PAGES = 1 << ORDER };
	struct hal_space *user = hal_space_create();
	uint64_t run = pmm_alloc(ORDER); /* 32 pages, 128 KiB aligned */
	if (!user || !run) {
		kprintf("pmp-test: FAILED: no memory for the grant test\n");
		return;
	}
	uintptr_t b = (uintptr_t)run;
	unsigned rw = HAL_MAP_R | HAL_MAP_W | HAL_MAP_USER;
	bool ok = true;
	hal_space_switch(user);

	/* Four pages granted one at a time merge into one aligned 16 KiB region: one NAPOT entry. */
	for (unsigned i = 0; i < 4; i++)
		ok &= hal_space_map(user, b + i * PAGE_SIZE, b + i * PAGE_SIZE, PAGE_SIZE, rw) == 0;
	ok &= A_FIELD(pmp_get_cfg(0)) == 3 && A_FIELD(pmp_get_cfg(1)) == 0;
	kprintf("pmp-test: 4 pages granted one by one: entry 0 cfg 0x%02x addr 0x%08x (one NAPOT) "
		"%s\n", pmp_get_cfg(0), (unsigned)pmp_get_addr(0), ok ? "ok" : "FAILED");

	/* Unmapping page 1 leaves page 0 (NAPOT) and pages 2-3 (8 KiB aligned: NAPOT). */
	bool ok2 = hal_space_unmap(user, b + PAGE_SIZE, PAGE_SIZE) == 0 &&
		   A_FIELD(pmp_get_cfg(0)) == 3 && A_FIELD(pmp_get_cfg(1)) == 3 &&
		   A_FIELD(pmp_get_cfg(2)) == 0 && user_reaches(b) && !user_reaches(b + PAGE_SIZE) &&
		   user_reaches(b + 3 * PAGE_SIZE);
	/* Pages 1-3 of another run: 12 KiB is no power of two, so top of range, two entries. */
	ok2 &= hal_space_unmap(user, b, 4 * PAGE_SIZE) == 0 &&
	       hal_space_map(user, b + PAGE_SIZE, b + PAGE_SIZE, 3 * PAGE_SIZE, rw) == 0 &&
	       pmp_get_cfg(0) == 0 && A_FIELD(pmp_get_cfg(1)) == 1 && !user_reaches(b) &&
	       user_reaches(b + PAGE_SIZE) && user_reaches(b + 4 * PAGE_SIZE - 1) &&
	       !user_reaches(b + 4 * PAGE_SIZE);
	kprintf("pmp-test: a split grant takes two NAPOT entries, 12 KiB takes a TOR pair %s\n",
		ok2 ? "ok" : "FAILED");
	/* 12 KiB read-only right above it (as a program's rodata sits on its text): one more TOR
	 * entry, whose base is the top of the one below; writes there fault, reads do not. */
	struct trap_info fault;
	bool ok4 = hal_space_map(user, b + 4 * PAGE_SIZE, b + 4 * PAGE_SIZE, 3 * PAGE_SIZE,
				 HAL_MAP_R | HAL_MAP_USER) == 0 &&
		   A_FIELD(pmp_get_cfg(1)) == 1 && A_FIELD(pmp_get_cfg(2)) == 1 &&
		   pmp_get_cfg(3) == 0 && user_reaches(b + 4 * PAGE_SIZE) &&
		   user_reaches(b + 7 * PAGE_SIZE - 1) && !user_reaches(b + 7 * PAGE_SIZE) &&
		   !hal_probe_write(b + 5 * PAGE_SIZE, 1, &fault) &&
		   hal_probe_write(b + 3 * PAGE_SIZE, 1, &fault);
	kprintf("pmp-test: a TOR grant right above another takes one entry (entry 2 cfg 0x%02x) %s\n",
		pmp_get_cfg(2), ok4 ? "ok" : "FAILED");
	ok2 &= ok4;
	hal_space_unmap(user, b, PAGES * PAGE_SIZE);

	/* Every other page: each its own NAPOT entry, until the unlocked entries run out. */
	unsigned granted = 0;
	int err = 0;
	for (unsigned i = 0; i < PAGES / 2 && err == 0; i++) {
		uintptr_t va = b + 2 * i * PAGE_SIZE;
		err = hal_space_map(user, va, va, PAGE_SIZE, rw);
		if (err == 0)
			granted++;
	}
	uintptr_t refused = b + 2 * granted * PAGE_SIZE;
	bool ok3 = err == ERR_NOMEM && !hal_space_lookup(user, refused, NULL, NULL) &&
		   !user_reaches(refused) && user_reaches(b + 2 * (granted - 1) * PAGE_SIZE);
	/* Read-only on one of them needs no more entries, so it fits. */
	ok3 &= hal_space_protect(user, b, PAGE_SIZE, HAL_MAP_R | HAL_MAP_USER) == 0;
	kprintf("pmp-test: %u separate grants fit, the next is refused (ERR_NOMEM) and unreachable "
		"%s\n", granted, ok3 ? "ok" : "FAILED");

	hal_space_switch(hal_space_kernel());
	hal_space_destroy(user);
	pmm_free(run, ORDER);
	kprintf("pmp-test: grant encoding %s\n", ok && ok2 && ok3 ? "passed" : "FAILED");
}
#endif

void hal_selftest(void)
{
	if (cmdline_has("pmp-test")) {
		pmp_test();
#ifdef CONFIG_ARCH_CORE
		pmp_grant_test();
#endif
	}
}
