# QEMU virt, aarch64 (Cortex-A72), 512 MiB. PL011 console; the device tree comes from QEMU.
ARCH := aarch64
ARCH_DIR := aarch64
BOARD_BOOTS := raw uefi limine
BOARD_DEFAULT_BOOT := raw
# raw: a flat binary with the Linux arm64 Image header; QEMU -kernel passes the DTB in x0.
BOOT_raw_IMAGE := flat
BOOT_raw_SRCS := fdt_bootinfo.c
# uefi: EDK2 (QEMU_EFI.fd) runs Ferrite's UEFI loader from a FAT drive on virtio-blk-pci.
# acpi=off: EDK2 then publishes QEMU's device tree instead of ACPI tables, as BOOT=raw sees it.
BOOT_uefi_IMAGE := uefi-fat
UEFI_FIRMWARE := -machine acpi=off -bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd
UEFI_DRIVE = -drive if=none,id=uefi0,format=raw,file=$(UEFI_MEDIUM) -device virtio-blk-pci,drive=uefi0

# limine: Limine's BOOTAA64.EFI (LIMINE_DIR = a Limine 8.x binary release) from the same FAT
# drive under the same firmware; it enters the kernel at EL1 with the MMU on (docs/boot-limine.md).
BOOT_limine_IMAGE := limine-fat

BOARD_DEVS := pl011.c
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x09000000UL

QEMU := qemu-system-aarch64
# PSCI SYSTEM_OFF ends QEMU with status 0.
QEMU_POWEROFF_STATUS := 0
# GIC=3 asks QEMU for a GICv3 instead of its default GICv2, EL2=1 enters the kernel at EL2
# (virtualization=on; PSCI then goes through smc). The kernel finds either from the device tree.
GIC ?= 2
EL2 ?= 0
comma := ,
QEMU_MACHINE := -M virt$(if $(filter 3,$(GIC)),$(comma)gic-version=3)$(if $(filter 1,$(EL2)),$(comma)virtualization=on) \
	-cpu cortex-a72 -m 512M
# PSCI SYSTEM_OFF ends QEMU with status 0 (PSCI cannot report a failure).
QEMU_POWEROFF_STATUS := 0
