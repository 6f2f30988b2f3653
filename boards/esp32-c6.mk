# Espressif ESP32-C6: riscv32 (rv32imac), no MMU, PMP isolation, kernel XIP from 4 MB flash,
# 512 KB SRAM. Not buildable yet: it arrives with the boot-matrix work (issue 6).
ARCH := riscv32
ARCH_DIR := riscv
BOARD_BOOTS :=
BOARD_NOT_YET := the ESP32-C6 image and bootloader are not written yet (issue 6)
