# QEMU virt, riscv32, 128 MiB, machine mode without an MMU and without firmware (-bios none): the
# ESP32-C6's no-MMU / PMP code paths under emulation. NS16550 console; the device tree from QEMU.
ARCH := riscv32
ARCH_DIR := riscv
BOARD_BOOTS := raw
BOARD_DEFAULT_BOOT := raw
# raw: QEMU's reset code jumps to the ELF entry at 0x80000000 with a0 = hart id, a1 = DTB.
BOOT_raw_IMAGE := elf
RISCV32_LDS := kernel_qemu32.ld

BOARD_DEVS := ns16550.c
# test@100000 in QEMU's device tree: compatible "sifive,test1", "sifive,test0", "syscon", the
# target of its syscon-poweroff node.
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x10000000UL -DCONFIG_SIFIVE_TEST_BASE=0x100000UL

QEMU := qemu-system-riscv32
QEMU_MACHINE := -M virt -m 128M -bios none
# The test finisher's PASS value ends QEMU with status 0 (FAIL ends it with the code it carries).
QEMU_POWEROFF_STATUS := 0
