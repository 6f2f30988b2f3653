# aarch64 user programs: no FP/SIMD until the kernel saves that state across switches.
USER_CFLAGS_ARCH := -target aarch64-none-elf -mgeneral-regs-only
USER_LDFLAGS_ARCH := -m aarch64elf
USER_ARCH_SRCS := arch/aarch64/crt0.S arch/aarch64/syscall.S
