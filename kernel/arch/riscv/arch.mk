# riscv: riscv64 runs in S-mode under OpenSBI (Sv39 later); riscv32 (no MMU, M-mode) comes with
# the ESP32-C6 work. medany because the kernel sits above 2 GiB; -mno-relax for lld 14.
ifeq ($(ARCH),riscv64)
ARCH_CFLAGS := -target riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_LDFLAGS := -m elf64lriscv
endif
ARCH_SRCS := entry.S cpu.c sbi.c
ARCH_LDS := kernel.ld
