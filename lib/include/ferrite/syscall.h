/*
 * The system call numbers and the calling convention, shared by the kernel and userspace. One
 * page of documentation is docs/syscalls.md. A call returns a non-negative result or a negative
 * error code from err.h.
 *
 * Registers (number; arguments 1..6; result):
 *   aarch64  x8;  x0-x5;  x0     (svc #0)
 *   riscv    a7;  a0-a5;  a0     (ecall)
 *   x86_64   rax; rdi rsi rdx r10 r8 r9; rax   (syscall)
 *   i386     eax; ebx ecx edx esi edi ebp; eax (int $0x80)
 */
#ifndef FERRITE_SYSCALL_H
#define FERRITE_SYSCALL_H

enum syscall_num {
	SYS_DEBUG_WRITE = 1, /* (const char *buf, size_t len) -> len: to the kernel's early console */
	SYS_EXIT = 2,        /* (int code): ends the calling process */
	SYS_YIELD = 3,       /* () -> 0 */
	SYS_SLEEP_UNTIL = 4, /* (uint64 deadline_ns; split lo/hi on 32-bit) -> 0 */
	SYS_CLOCK = 5,       /* (uint64 *out) -> 0: monotonic ns */
	SYS_NULL = 6,        /* () -> 0: does nothing; the benchmark of a bare kernel entry */
	SYS_COUNT
};

/* Longest single debug write; longer ones are refused, not truncated. */
#define SYS_DEBUG_WRITE_MAX 4096

#endif
