# QEMU virt, riscv32, machine mode without an MMU (PMP isolation): the ESP32-C6 code paths under
# emulation. Not buildable yet: it arrives with the boot-matrix work (issue 6).
ARCH := riscv32
ARCH_DIR := riscv
BOARD_BOOTS :=
BOARD_NOT_YET := the no-MMU riscv32 configuration is not written yet (issue 6)
