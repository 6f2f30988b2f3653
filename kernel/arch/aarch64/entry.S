/*
 * aarch64 entry. The image starts with the Linux arm64 Image header (Documentation/arm64/booting)
 * so that QEMU -kernel and other loaders treat it as a kernel: loaded at RAM + text_offset, entered
 * at EL2 or EL1 with the MMU off and x0 = physical address of the device tree.
 *
 * The kernel is linked at KERNEL_VIRT (arch.h) but runs here at its physical address, so until the
 * MMU is on this code uses only PC-relative addressing (adr/adrp, literal loads) and touches no C.
 * It builds two boot translation tables from 1 GiB blocks: TTBR0 maps the low physical space
 * 1:1 (what the boot adapters and pmm read through), TTBR1 maps the GiB holding the image at its
 * link address. hal_mmu_init later replaces both.
 */
#include "boot_regs.h"

#define SPSR_EL1H_MASKED 0x3c5  /* EL1h, D A I F masked */
#define HCR_EL2_RW (1 << 31)    /* EL1 is AArch64 */

#define GIB (1 << 30)
/* Block descriptors: valid block (0b01), AttrIndx, AF, inner shareable for normal memory. */
#define BLOCK_NORMAL (0x1 | (0 << 2) | (3 << 8) | (1 << 10))
#define BLOCK_DEVICE (0x1 | (1 << 2) | (1 << 10) | (3 << 53))
#define TABLE 0x3

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
	mov	x19, x0			/* device tree */

	/* Entered at EL2 (virtualization=on): prepare EL1 and drop to it. */
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #2
	b.ne	1f
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	/* The virtual counter must read the same as the physical one (CNTVOFF resets UNKNOWN). */
	msr	cntvoff_el2, xzr
	mrs	x1, cnthctl_el2
	orr	x1, x1, #3		/* EL1PCTEN, EL1PCEN: EL1 may use the physical counter */
	msr	cnthctl_el2, x1
	/* A GICv3 CPU interface is reachable from EL1 through system registers only if EL2 allows
	 * it: ICC_SRE_EL2.SRE and .Enable. */
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #24, #4
	cbz	x1, 2f
	mrs	x1, S3_4_C12_C9_5	/* ICC_SRE_EL2 */
	mov	x2, #0x9
	orr	x1, x1, x2
	msr	S3_4_C12_C9_5, x1
	isb
2:	mov	x1, #SPSR_EL1H_MASKED
	msr	spsr_el2, x1
	adr	x1, 1f
	msr	elr_el2, x1
	eret
1:
	msr	daifset, #0xf
	/* The boot tables map the image's GiB at a fixed offset: refuse any other load address. */
	adr	x1, _head
	ldr	x2, =KERNEL_PHYS
	cmp	x1, x2
	b.ne	park

	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
3:	cmp	x1, x2
	b.hs	4f
	str	xzr, [x1], #8
	b	3b
4:
	adrp	x1, boot_el
	str	x20, [x1, :lo12:boot_el]

	/* TTBR0: L0[0] -> L1; L1[0] = GiB 0 as device memory (UART, GIC), L1[1..255] = QEMU virt's
	 * RAM window as normal memory. */
	adrp	x1, boot_l0_lo
	adrp	x2, boot_l1_lo
	orr	x3, x2, #TABLE
	str	x3, [x1]
	ldr	x3, =BLOCK_DEVICE
	str	x3, [x2]
	ldr	x3, =BLOCK_NORMAL
	mov	x4, #1
5:	orr	x5, x3, x4, lsl #30
	str	x5, [x2, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #256
	b.lo	5b

	/* TTBR1: the GiB holding the image, at its link address (L0 index 511, L1 index 510). */
	adrp	x1, boot_l0_hi
	adrp	x2, boot_l1_hi
	orr	x3, x2, #TABLE
	str	x3, [x1, #511 * 8]
	ldr	x3, =(KERNEL_PHYS & ~(GIB - 1)) | BLOCK_NORMAL
	str	x3, [x2, #510 * 8]

	/* The bss and the boot tables were written with the MMU, and so the data cache, off: drop
	 * any stale lines the cache holds for them, or cacheable reads after the switch could
	 * return old contents (the boot protocol only promises the loaded image is clean). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2 of the line size in words */
	mov	x4, #4
	lsl	x4, x4, x3
	sub	x5, x4, #1
	bic	x1, x1, x5
6:	dc	ivac, x1
	add	x1, x1, x4
	cmp	x1, x2
	b.lo	6b
	dsb	sy

	adrp	x3, boot_l0_lo
	adrp	x4, boot_l0_hi
	boot_mmu_enable
	ldr	x1, =high
	br	x1
high:
	/* From here on everything runs at link addresses. */
	boot_stack_and_vectors
	mov	x0, x19
	mov	x1, #0
	bl	kmain
park:
	wfe
	b	park

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
boot_l0_lo:
	.space 4096
boot_l1_lo:
	.space 4096
boot_l0_hi:
	.space 4096
boot_l1_hi:
	.space 4096

	.section .bss.stack, "aw", @nobits
	.balign 16
	.space 16384

	.section .bss
	.balign 8
	.global boot_el
boot_el:
	.quad 0
