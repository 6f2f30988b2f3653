# riscv: riscv64 runs in S-mode under OpenSBI with Sv39 paging, the kernel in the higher half;
# riscv32 runs in M-mode without an MMU, isolating user mode with PMP. medany because the kernel
# sits above 2 GiB (and its code must run at both its physical and virtual address); -mno-relax
# for lld 14.
ifeq ($(ARCH),riscv64)
ARCH_CFLAGS := -target riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_LDFLAGS := -m elf64lriscv
RISCV64_CORE_SRCS := mmu.c trap.c vectors.S timer.c timebase.c plic.c devtree.c thread.c switch.S
ARCH_HAS_CORE := 1
ARCH_HAS_THREADS := 1
endif
ARCH_SRCS := entry.S cpu.c sbi.c $(RISCV64_CORE_SRCS)
ARCH_LDS := kernel.ld
# BOOT=limine (riscv64): Limine enters with paging on, on its own tables; limine_rv64.* move the
# image to its link address and adopt entry.S's boot mapping. The boot hart id comes only from
# the SMP response, so that request is built in (docs/boot-limine.md).
ifeq ($(ARCH)-$(BOOT),riscv64-limine)
ARCH_SRCS += limine_rv64.S limine_rv64.c
ARCH_CFLAGS += -DCONFIG_LIMINE_SMP=1
ARCH_LDFLAGS += -e limine_entry
endif
# riscv32: machine mode, no MMU, PMP isolation (qemu-virt-riscv32, esp32-c6). The board file names
# its linker script (RISCV32_LDS): RAM-resident under QEMU, XIP flash + SRAM on the ESP32-C6.
# The core (PMP spaces, CLINT timer, PLIC) is built where the board sets RISCV32_CORE: QEMU virt.
# The ESP32-C6 has its own timer (SYSTIMER) and interrupt matrix, not written yet.
ifeq ($(ARCH),riscv32)
ARCH_CFLAGS := -target riscv32-unknown-elf -march=rv32imac -mabi=ilp32 -mcmodel=medany -mno-relax
ARCH_LDFLAGS := -m elf32lriscv
ARCH_SRCS := entry_m.S cpu_m.c trap_m.S trap_m.c pmp.c pmp_test.c
ifeq ($(RISCV32_CORE),1)
ARCH_SRCS += mmu_m.c timer_m.c timebase.c plic.c devtree.c
ARCH_HAS_CORE := 1
# Threads and user processes (thread.c and switch.S are shared with riscv64) where the board also
# sets RISCV32_THREADS: it needs the core, and a board that places programs (BOARD_USER_SLOT_*,
# mk/user.mk).
ifeq ($(RISCV32_THREADS),1)
ARCH_SRCS += thread.c switch.S
ARCH_HAS_THREADS := 1
endif
endif
# 32-bit: the compiler calls helpers for 64-bit division.
ARCH_LIB_SRCS := rt/udivdi3.c
ARCH_LDS := $(RISCV32_LDS)
endif
