# QEMU pc (i440FX), i386, 256 MiB. COM1 console through port I/O.
ARCH := i386
ARCH_DIR := x86
BOARD_BOOTS := mb1 mb2
BOARD_DEFAULT_BOOT := mb1
# mb1: QEMU -kernel loads a Multiboot 1 ELF32 directly. mb2: GRUB rescue ISO, multiboot2.
BOOT_mb1_IMAGE := elf
BOOT_mb2_IMAGE := grub-iso

BOARD_DEVS := ns16550.c
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x3f8 -DCONFIG_UART_PIO=1 -DCONFIG_DEBUG_EXIT_PORT=0xf4

QEMU := qemu-system-i386
QEMU_MACHINE := -M pc -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04
# isa-debug-exit ends QEMU with status (value << 1) | 1; the kernel writes 0 for a clean power-off.
QEMU_POWEROFF_STATUS := 1
