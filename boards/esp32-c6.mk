# Espressif ESP32-C6: riscv32 (rv32imac), machine mode, no MMU, PMP isolation. The kernel runs
# in place from 4 MB flash (code 0x42000020, rodata 0x42800020) with data in the 512 KB HP SRAM
# (0x40800000). Built, not booted here: there is no ESP32-C6 emulator in QEMU 7.2 (see
# docs/esp32-c6.md for what is untested on silicon).
ARCH := riscv32
ARCH_DIR := riscv
BOARD_BOOTS := esp
BOARD_DEFAULT_BOOT := esp
# esp: ROM -> Ferrite's second-stage bootloader (loader/esp32c6, flash 0x0) -> kernel app image
# (flash 0x10000); all three in one 4 MB flash image. See mk/esp.mk.
BOOT_esp_IMAGE := esp-flash
RISCV32_LDS := kernel_esp32c6.ld

BOARD_DEVS := esp32c6_uart.c
BOARD_CFLAGS := -DCONFIG_UART_BASE=0x60000000UL

ESP_FLASH_SIZE := 0x400000
ESP_SRAM_SIZE := 0x80000

QEMU :=
QEMU_MACHINE :=
QEMU_POWEROFF_STATUS := 0
# A user program's default malloc arena (docs/libc.md): 16 KiB, not 256, out of 512 KiB of SRAM.
BOARD_USER_HEAP_SIZE := 0x4000
