/* sbi: calls into the Supervisor Binary Interface firmware (OpenSBI). Private to arch/riscv. */
#ifndef RISCV_SBI_H
#define RISCV_SBI_H

#include <stdint.h>

struct sbi_ret {
	long error; /* 0 on success, negative SBI error code */
	long value;
};

struct sbi_ret sbi_call(long ext, long fid, long a0, long a1, long a2);

#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_TIME 0x54494d45 /* function 0: sbi_set_timer(stime_value) */
#define SBI_EXT_LEGACY_SHUTDOWN 0x08

#endif
