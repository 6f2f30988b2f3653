# QEMU pc (i440FX), x86_64, 512 MiB. COM1 console through port I/O.
ARCH := x86_64
ARCH_DIR := x86
BOARD_BOOTS := pvh mb1 mb2 uefi limine
BOARD_DEFAULT_BOOT := pvh
# pvh: QEMU -kernel loads the ELF64 through its PVH note (fastest, for development).
# mb1, mb2: GRUB rescue ISO with multiboot / multiboot2.
BOOT_pvh_IMAGE := elf
BOOT_mb1_IMAGE := grub-iso
BOOT_mb2_IMAGE := grub-iso
# uefi: OVMF runs Ferrite's UEFI loader from a FAT drive (QEMU vvfat over a directory).
BOOT_uefi_IMAGE := uefi-fat
UEFI_FIRMWARE := -bios /usr/share/ovmf/OVMF.fd
UEFI_DRIVE = -drive format=raw,file=$(UEFI_MEDIUM)
# limine: hybrid ISO with Limine (LIMINE_DIR = a Limine 8.x binary release), booted under SeaBIOS;
# without LIMINE_DIR `make print-skip` says what is missing (docs/boot-limine.md).
BOOT_limine_IMAGE := limine-iso

BOARD_DEVS := ns16550.c
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x3f8 -DCONFIG_UART_PIO=1 -DCONFIG_DEBUG_EXIT_PORT=0xf4

QEMU := qemu-system-x86_64
QEMU_MACHINE := -M pc -m 512M -device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_POWEROFF_STATUS := 1
