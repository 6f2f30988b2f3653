/*
 * ldr_aarch64_off_and_jump(entry, x0): turn the MMU and the caches off at the current exception
 * level (UEFI runs at EL1, or EL2 when the machine has virtualisation), invalidate the
 * instruction cache, and jump to entry with x0. Uses no memory: the stack may be stale once the
 * data cache is off.
 */
#define SCTLR_M (1 << 0)
#define SCTLR_C (1 << 2)
#define SCTLR_I (1 << 12)

	.text
	.global ldr_aarch64_off_and_jump
	.balign 4
ldr_aarch64_off_and_jump:
	mov	x19, x0
	mov	x20, x1
	mrs	x2, CurrentEL
	lsr	x2, x2, #2
	cmp	x2, #2
	b.eq	1f
	mrs	x2, sctlr_el1
	bic	x2, x2, #SCTLR_M
	bic	x2, x2, #SCTLR_C
	bic	x2, x2, #SCTLR_I
	msr	sctlr_el1, x2
	b	2f
1:	mrs	x2, sctlr_el2
	bic	x2, x2, #SCTLR_M
	bic	x2, x2, #SCTLR_C
	bic	x2, x2, #SCTLR_I
	msr	sctlr_el2, x2
2:	isb
	ic	iallu
	dsb	sy
	isb
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19
