# x86: i386 (32-bit protected mode, no paging yet) and x86_64 (long mode). They share the CPU
# control code and linker script; the entry differs.
ifeq ($(ARCH),i386)
ARCH_CFLAGS := -target i686-unknown-elf -mno-sse -mno-mmx -mno-80387
ARCH_LDFLAGS := -m elf_i386
ARCH_SRCS := entry_32.S cpu.c
# 32-bit: the compiler calls helpers for 64-bit division.
ARCH_LIB_SRCS := rt/udivdi3.c
endif
ifeq ($(ARCH),x86_64)
ARCH_CFLAGS := -target x86_64-unknown-elf -mno-red-zone -mgeneral-regs-only -mcmodel=small
ARCH_LDFLAGS := -m elf_x86_64
ARCH_SRCS := entry_64.S cpu.c
endif
ARCH_LDS := kernel.ld
