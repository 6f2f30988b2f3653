# x86 user programs: integer-only until the kernel saves FP/SSE state across switches.
ifeq ($(ARCH),x86_64)
USER_CFLAGS_ARCH := -target x86_64-unknown-elf -mgeneral-regs-only
USER_LDFLAGS_ARCH := -m elf_x86_64
USER_ARCH_SRCS := arch/x86/crt0_64.S arch/x86/syscall_64.S
else
USER_CFLAGS_ARCH := -target i686-unknown-elf -mno-sse -mno-mmx -mno-80387
USER_LDFLAGS_ARCH := -m elf_i386
USER_ARCH_SRCS := arch/x86/crt0_32.S arch/x86/syscall_32.S
endif
