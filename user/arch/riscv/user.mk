# riscv user programs (rv64imac / rv32imac): integer-only, no relaxation (lld 14).
ifeq ($(ARCH),riscv64)
USER_CFLAGS_ARCH := -target riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax
USER_LDFLAGS_ARCH := -m elf64lriscv
else
USER_CFLAGS_ARCH := -target riscv32-unknown-elf -march=rv32imac -mabi=ilp32 -mno-relax
USER_LDFLAGS_ARCH := -m elf32lriscv
endif
USER_ARCH_SRCS := arch/riscv/crt0.S arch/riscv/syscall.S
