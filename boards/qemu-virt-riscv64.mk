# QEMU virt, riscv64 (rv64imac, S-mode under OpenSBI), 512 MiB. NS16550 console.
ARCH := riscv64
ARCH_DIR := riscv
BOARD_BOOTS := raw uefi limine
BOARD_DEFAULT_BOOT := raw
# raw: OpenSBI jumps to the kernel ELF at 0x80200000 with a0 = hart id, a1 = DTB.
BOOT_raw_IMAGE := elf
BOOT_raw_SRCS := fdt_bootinfo.c
# uefi: OpenSBI starts S-mode U-Boot, whose distro boot runs Ferrite's UEFI loader from the EFI
# system partition of a GPT disk on virtio-blk-device.
BOOT_uefi_IMAGE := uefi-gpt
UEFI_FIRMWARE := -kernel /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
UEFI_DRIVE = -drive if=none,id=uefi0,format=raw,file=$(UEFI_MEDIUM) -device virtio-blk-device,drive=uefi0

# limine: OpenSBI + S-mode U-Boot run Limine's BOOTRISCV64.EFI (LIMINE_DIR = a Limine 8.x binary
# release) from the same kind of disk; it enters the kernel in S-mode with paging on.
BOOT_limine_IMAGE := limine-gpt

BOARD_DEVS := ns16550.c
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x10000000UL

QEMU := qemu-system-riscv64
QEMU_MACHINE := -M virt -m 512M -bios default
# SBI system reset (shutdown) ends QEMU with status 0.
QEMU_POWEROFF_STATUS := 0
