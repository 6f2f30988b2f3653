# QEMU virt, riscv32, 128 MiB, machine mode without an MMU and without firmware (-bios none): the
# ESP32-C6's no-MMU / PMP code paths under emulation. NS16550 console; the device tree from QEMU.
ARCH := riscv32
ARCH_DIR := riscv
BOARD_BOOTS := raw
BOARD_DEFAULT_BOOT := raw
# raw: QEMU's reset code jumps to the ELF entry at 0x80000000 with a0 = hart id, a1 = DTB.
BOOT_raw_IMAGE := elf
RISCV32_LDS := kernel_qemu32.ld
# The kernel core runs here: PMP address spaces, the CLINT timer, the PLIC (kernel/arch/riscv).
RISCV32_CORE := 1
# Threads and user processes too (kernel/arch/riscv/arch.mk).
RISCV32_THREADS := 1

BOARD_DEVS := ns16550.c
# test@100000 in QEMU's device tree: compatible "sifive,test1", "sifive,test0", "syscon", the
# target of its syscon-poweroff node.
# The fault window (mmu_m.c): 256 MiB at the top of the address space, where riscv32 virt has
# nothing (RAM ends at 0x88000000 with -m 128M), locked closed to every mode by one PMP entry;
# hal_kernel_va_reserve hands out addresses there.
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x10000000UL -DCONFIG_SIFIVE_TEST_BASE=0x100000UL \
	-DCONFIG_FAULT_WINDOW_BASE=0xf0000000UL -DCONFIG_FAULT_WINDOW_SIZE=0x10000000UL

QEMU := qemu-system-riscv32
QEMU_MACHINE := -M virt -m 256M -bios none
# The test finisher's PASS value ends QEMU with status 0 (FAIL ends it with the code it carries).
QEMU_POWEROFF_STATUS := 0
# Where programs run without an MMU (mk/user.mk, docs/memory.md): program i of USER_PROGRAMS is
# linked at and loaded to BASE + i * SIZE, and owns that 2 MiB slot (its stack at the top; the
# bootfs server alone needs over 1 MiB). 94 slots fit below the device tree QEMU puts near the
# top of the 256 MiB, with 64 MiB below them for the kernel's own allocations; a program whose
# slot the kernel's allocations reached would be refused by name.
BOARD_USER_SLOT_BASE := 0x84000000
BOARD_USER_SLOT_SIZE := 0x200000
BOARD_CFLAGS += -DCONFIG_USER_SLOT_BASE=$(BOARD_USER_SLOT_BASE) -DCONFIG_USER_SLOT_SIZE=$(BOARD_USER_SLOT_SIZE)
