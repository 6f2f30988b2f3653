# aarch64: freestanding, general registers only until the kernel enables the FP unit.
ARCH_CFLAGS := -target aarch64-none-elf -mgeneral-regs-only -mcmodel=small
ARCH_LDFLAGS := -m aarch64elf
ARCH_SRCS := entry.S cpu.c
ARCH_LDS := kernel.ld
