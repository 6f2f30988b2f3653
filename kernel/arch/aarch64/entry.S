/*
 * aarch64 entry. The image starts with the Linux arm64 Image header (Documentation/arm64/booting)
 * so that QEMU -kernel and other loaders treat it as a kernel: loaded at RAM + text_offset, entered
 * at EL2 or EL1 with the MMU off and x0 = physical address of the device tree.
 */
#define SPSR_EL1H_MASKED 0x3c5  /* EL1h, D A I F masked */
#define HCR_EL2_RW (1 << 31)    /* EL1 is AArch64 */

	.section .text.boot, "ax"
	.global _head
_head:
	b	_start			/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset: load address is RAM base + 512 KiB */
	.quad	__kernel_image_size	/* image size including .bss */
	.quad	0x2			/* flags: little endian, 4 KiB pages */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* no PE header */

	.global _start
_start:
	/* Only the boot CPU runs the kernel for now; secondaries are started later by PSCI. */
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cbnz	x1, park

	/* Entered at EL2 (virtualization=on): run the kernel at EL1. */
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.ne	1f
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	mov	x1, #SPSR_EL1H_MASKED
	msr	spsr_el2, x1
	adr	x1, 1f
	msr	elr_el2, x1
	eret
1:
	msr	daifset, #0xf
	mov	x19, x0			/* device tree */
	ldr	x1, =boot_stack_top
	mov	sp, x1

	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:
	mov	x0, x19
	mov	x1, #0
	bl	kmain
park:
	wfe
	b	park

	.section .bss.stack, "aw", @nobits
	.balign 16
boot_stack:
	.space 16384
	.global boot_stack_top
boot_stack_top:
