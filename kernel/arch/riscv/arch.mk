# riscv: riscv64 runs in S-mode under OpenSBI with Sv39 paging, the kernel in the higher half;
# riscv32 (no MMU, M-mode) comes with the ESP32-C6 work. medany because the kernel sits above
# 2 GiB (and its code must run at both its physical and virtual address); -mno-relax for lld 14.
ifeq ($(ARCH),riscv64)
ARCH_CFLAGS := -target riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_LDFLAGS := -m elf64lriscv
RISCV64_CORE_SRCS := mmu.c trap.c vectors.S timer.c plic.c devtree.c
ARCH_HAS_CORE := 1
endif
ARCH_SRCS := entry.S cpu.c sbi.c $(RISCV64_CORE_SRCS)
ARCH_LDS := kernel.ld
