/*
 * riscv64 S-mode: the virtual memory layout, sstatus/sie bits and how to find this CPU's area
 * (sscratch). Private to kernel/arch/riscv (the riscv32 M-mode port has riscv_m.h; CSR access and what
 * else both share is in riscv_common.h). Included by assembly too, so everything above the C
 * section is plain #defines.
 */
#ifndef RISCV_RISCV_H
#define RISCV_RISCV_H

#include "riscv_common.h"

/* Sv39 layout. The upper half starts at 0xffffffc000000000 (bit 38 set, sign-extended). */
#define KERNEL_VIRT_OFFSET 0xffffffff00000000 /* kernel image: virtual = physical + this */
#define DIRECT_MAP_BASE 0xffffffc000000000    /* direct map: virtual = physical + this */
#define DIRECT_MAP_SIZE 0x0000002000000000    /* 128 GiB of physical address space */
#define KVA_WINDOW_BASE 0xffffffe000000000    /* hal_mmio_map / hal_kernel_va_reserve */
#define KVA_WINDOW_SIZE 0x0000000200000000    /* 8 GiB: 8 level-1 tables made at boot */
#define USER_VA_END 0x0000004000000000        /* end of the lower half */

#define SSTATUS_SIE (1 << 1)
#define SSTATUS_SPIE (1 << 5)
#define SSTATUS_SPP (1 << 8)
#define SSTATUS_FS (3 << 13)   /* FP state; Off makes every FP instruction an illegal instruction */
#define SSTATUS_SUM (1 << 18)  /* S-mode may touch U pages: set only inside the user copy loop */
#define SIE_SSIE (1 << 1)
#define SIE_STIE (1 << 5)
#define SIE_SEIE (1 << 9)
#ifdef __ASSEMBLY__
#define SATP_MODE_SV39 (8 << 60)
#else
#define SATP_MODE_SV39 (8ul << 60)
#endif

/* struct trap_frame: x1..x31 in slots 1..31, then the trap CSRs. */
#define TF_SEPC (32 * 8)
#define TF_SSTATUS (33 * 8)
#define TF_SCAUSE (34 * 8)
#define TF_STVAL (35 * 8)
#define TF_OVERFLOW (36 * 8)
#define TF_SIZE (38 * 8) /* a multiple of 16: the ABI's stack alignment */

#ifndef __ASSEMBLY__
#include <stdint.h>

/* This CPU's area: sscratch holds it whenever the CPU runs in S-mode. */
static inline struct riscv_cpu *riscv_cpu_this(void)
{
	struct riscv_cpu *c;
	__asm__ volatile("csrr %0, sscratch" : "=r"(c));
	return c;
}

struct trap_frame {
	uint64_t x[32]; /* x[0] is unused: x0 is always zero */
	uint64_t sepc, sstatus, scause, stval;
	uint64_t overflow; /* the trap found sp outside the kernel stack: ran on the emergency stack */
	uint64_t pad;
};

static inline uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#endif

#endif
