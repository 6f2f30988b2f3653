# x86: i386 (PAE paging, kernel at 0xC0000000) and x86_64 (4-level paging, kernel at
# 0xffffffff80000000). They share everything but the entry, the interrupt stubs and the linker
# script; x86.h holds the layout both halves use.
ARCH_COMMON_SRCS := cpu.c mmu.c trap.c timer.c lapic.c ioapic.c pic.c acpi.c thread.c
ifeq ($(ARCH),i386)
ARCH_CFLAGS := -target i686-unknown-elf -mno-sse -mno-mmx -mno-80387
ARCH_LDFLAGS := -m elf_i386
ARCH_SRCS := entry_32.S vectors_32.S switch_32.S $(ARCH_COMMON_SRCS)
ARCH_LDS := kernel_32.ld
# 32-bit: the compiler calls helpers for 64-bit division.
ARCH_LIB_SRCS := rt/udivdi3.c
endif
ifeq ($(ARCH),x86_64)
ARCH_CFLAGS := -target x86_64-unknown-elf -mno-red-zone -mgeneral-regs-only -mcmodel=kernel
ARCH_LDFLAGS := -m elf_x86_64
ARCH_SRCS := entry_64.S vectors_64.S switch_64.S $(ARCH_COMMON_SRCS)
ARCH_LDS := kernel_64.ld
# BOOT=limine: Limine loads higher-half segments only and enters in long mode, so that build has
# its own layout (no 32-bit entry) and a 64-bit entry that moves the image (limine_64.*).
ifeq ($(BOOT),limine)
ARCH_SRCS += limine_64.S limine_64.c
ARCH_LDS := kernel_64_limine.ld
endif
endif
ARCH_HAS_CORE := 1
ARCH_HAS_THREADS := 1
# An I/O port space (hal_pio_*): the kernel offers port windows to user drivers (docs/devices.md).
ARCH_HAS_PIO := 1
