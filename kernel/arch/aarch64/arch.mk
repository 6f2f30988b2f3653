# aarch64: freestanding, general registers only until the kernel enables the FP unit.
ARCH_CFLAGS := -target aarch64-none-elf -mgeneral-regs-only -mcmodel=small
ARCH_LDFLAGS := -m aarch64elf
ARCH_SRCS := entry.S vectors.S cpu.c mmu.c trap.c timer.c gic.c dt.c switch.S thread.c
ARCH_LDS := kernel.ld
ARCH_HAS_CORE := 1
ARCH_HAS_THREADS := 1
# BOOT=limine: Limine enters with the MMU on, on its own tables; limine_a64.* move the image to
# KERNEL_PHYS and adopt entry.S's boot mapping (docs/boot-limine.md).
ifeq ($(BOOT),limine)
ARCH_SRCS += limine_a64.S limine_a64.c
ARCH_LDFLAGS += -e limine_entry
endif
