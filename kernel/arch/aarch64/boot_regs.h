/*
 * The translation and system control settings both aarch64 boot entries load (entry.S for the
 * loaders that enter with the MMU off, limine_a64.S for Limine, which enters with it on).
 * Assembly-safe: plain constants only.
 */
#ifndef AARCH64_BOOT_REGS_H
#define AARCH64_BOOT_REGS_H

/* MAIR_EL1: index 0 normal write-back (the index Limine uses for all its mappings too), index 1
 * Device-nGnRE. arch.h names the same indices for C. */
#define BOOT_MAIR 0x04ff
/* TCR_EL1: T0SZ = T1SZ = 16 (48-bit halves), 4 KiB granules, walks inner shareable and write-back
 * cacheable; IPS is filled in from ID_AA64MMFR0_EL1.PARange. */
#define BOOT_TCR 0xb5103510
/* SCTLR_EL1: the v8.0 RES1 bits, MMU, data and instruction caches, SP alignment checks. WXN is
 * switched on by hal_mmu_init once no mapping is writable and executable any more. */
#define BOOT_SCTLR 0x30d0181d

#ifdef __ASSEMBLY__
/* Where the image runs, physical (arch.h says the same for C, kernel.ld for the link). */
#define KERNEL_PHYS 0x40080000

/* Loads MAIR, TCR (IPS from ID_AA64MMFR0_EL1.PARange) and the two table roots (x3: TTBR0, x4:
 * TTBR1), invalidates the TLB and turns translation on with BOOT_SCTLR. Clobbers x1 and x2. */
.macro boot_mmu_enable
	ldr	x1, =BOOT_MAIR
	msr	mair_el1, x1
	ldr	x1, =BOOT_TCR
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #7
	bfi	x1, x2, #32, #3
	msr	tcr_el1, x1
	msr	ttbr0_el1, x3
	msr	ttbr1_el1, x4
	dsb	ish
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x1, =BOOT_SCTLR
	msr	sctlr_el1, x1
	isb
.endm

/* At link addresses: the boot stack, its limit for the overflow check, the vector table.
 * Clobbers x1 and x2. */
.macro boot_stack_and_vectors
	ldr	x1, =__boot_stack_top
	mov	sp, x1
	ldr	x1, =__boot_stack_bottom
	adrp	x2, kstack_limit
	str	x1, [x2, :lo12:kstack_limit]
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
.endm
#endif

#endif
