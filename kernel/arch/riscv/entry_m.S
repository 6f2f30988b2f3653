/*
 * riscv32 machine-mode entry (no MMU, no SBI firmware underneath): the kernel owns the hart.
 *   BOOT=raw (QEMU virt, -bios none): QEMU's reset code jumps here with a0 = hart id and
 *     a1 = device tree; every hart arrives, so all but hart 0 park.
 *   BOOT=esp (ESP32-C6): Ferrite's second-stage bootloader jumps here with a0 = ESP_HANDOFF_MAGIC
 *     and a1 = its handoff block; code runs in place from flash, .data was copied by the bootloader.
 * Interrupts stay masked, the trap vector is installed before any C runs so that an early fault is
 * reported instead of looping at address 0, and kmain gets the hal.h argument order.
 *
 * mscratch points at riscv_mcpu0 from the first instruction: the per-CPU area lives in .data with
 * link-time contents (the boot stack bounds, the emergency stack), so it is valid before .bss is
 * cleared and the trap entry's stack check works from the start.
 */
#include "riscv_m.h"

	.section .text.boot, "ax"
	.global _start
_start:
	csrw	mie, zero
	csrci	mstatus, 0x8		/* MIE */
	csrr	t0, mhartid
	bnez	t0, park
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	la	sp, __boot_stack_top
	la	t0, __boot_stack_bottom
	li	t1, KSTACK_CANARY	/* the boot thread's stack is checked at switches like any */
	sw	t1, 0(t0)
	la	t0, riscv_mcpu0
	csrw	mscratch, t0
	la	t0, m_trap_vector
	ori	t0, t0, 1		/* vectored: the ESP32-C6 supports only this mode */
	csrw	mtvec, t0
	mv	s0, a0
	mv	s1, a1

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:
#if defined(CONFIG_BOOT_raw)
	mv	a0, s1			/* device tree */
	mv	a1, s0			/* hart id */
#else
	mv	a0, s0			/* handoff magic */
	mv	a1, s1			/* handoff block */
#endif
	call	kmain
park:
	csrw	mie, zero
3:	wfi
	j	3b

	/* The linker script places .boot_stack (with a guard region below it on boards that have
	 * one) and defines __boot_stack_bottom/__boot_stack_top around it. */
	.section .boot_stack, "aw", @nobits
	.balign 16
	.space 8192

	/* Where a trap runs when the kernel stack is gone: enough for trap_fault() and panic(). */
	.section .bss.emergency_stack, "aw", @nobits
	.balign 16
emergency_stack:
	.space 4096
emergency_stack_top:

	.section .data.riscv_mcpu0, "aw"
	.balign 4
	.global riscv_mcpu0
riscv_mcpu0:
	.word	0, 0			/* CPU_SAVE_T0, CPU_SAVE_T1 */
	.word	__boot_stack_bottom	/* CPU_STACK_LO */
	.word	__boot_stack_top	/* CPU_STACK_HI */
	.word	emergency_stack_top	/* CPU_EMERG_TOP */
	.word	0			/* CPU_KSTACK_TOP: hal_set_kernel_stack, m_user_enter */
