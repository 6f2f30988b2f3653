# ESP32-C6 flash image (BOOT_<method>_IMAGE = esp-flash): the bootloader image (flash 0x0), the
# partition table (0x8000) and the kernel as an ESP-IDF app image (0x10000) in one 4 MB flash
# image, each image checked by `mkesp verify` and the whole checked against the flash and SRAM
# budget. tools/mkesp is a host program (native cc). Included from mk/image.mk.

MKESP := $(O)/tools/mkesp
MKESP_SRCS := $(TOP)/tools/mkesp.c $(TOP)/tools/esp/esp_image.c $(TOP)/tools/esp/hash.c \
	$(TOP)/tools/fileio.c $(TOP)/lib/crypto/sha256.c
MKESP_HDRS := $(TOP)/tools/esp/esp_image.h $(TOP)/tools/esp/hash.h $(TOP)/tools/fileio.h \
	$(TOP)/lib/include/crypto/sha256.h
HOST_CFLAGS := -std=c17 -O2 -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE -I$(TOP)/lib/include

LOADER_DIR := $(TOP)/loader/esp32c6
LOADER_OBJS := $(O)/loader/start.S.o $(O)/loader/loader.c.o
LOADER_ELF := $(O)/loader/loader.elf
# The bootloader carries the command line to the kernel; rebuild it when CMDLINE changes.
LOADER_CMDLINE_FILE := $(O)/loader/cmdline
$(shell mkdir -p $(O)/loader; printf '%s' '$(CMDLINE)' | cmp -s - $(LOADER_CMDLINE_FILE) 2>/dev/null || printf '%s' '$(CMDLINE)' > $(LOADER_CMDLINE_FILE))
LOADER_CFLAGS := -std=c17 -ffreestanding -fno-builtin -nostdlib -fno-pic -Os -g -Wall -Wextra \
	-Werror -I$(TOP)/kernel/include $(ARCH_CFLAGS) -DLOADER_CMDLINE='"$(CMDLINE)"'

ESP_APP := $(O)/app.bin
ESP_BOOT := $(O)/bootloader.bin
ESP_PARTS := $(O)/partitions.bin
IMAGE := $(O)/flash.bin

$(MKESP): $(MKESP_SRCS) $(MKESP_HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  tools/mkesp"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ $(MKESP_SRCS)

$(O)/loader/%.c.o: $(LOADER_DIR)/%.c $(LOADER_CMDLINE_FILE) $(TOP)/kernel/include/esp_handoff.h
	@echo "  CC      loader/esp32c6/$*.c"
	@$(CC) $(LOADER_CFLAGS) -c $< -o $@

$(O)/loader/%.S.o: $(LOADER_DIR)/%.S
	@echo "  AS      loader/esp32c6/$*.S"
	@$(CC) $(LOADER_CFLAGS) -c $< -o $@

$(LOADER_ELF): $(LOADER_OBJS) $(LOADER_DIR)/loader.ld
	@echo "  LD      loader.elf"
	@$(LD) -nostdlib -static $(ARCH_LDFLAGS) -T $(LOADER_DIR)/loader.ld -o $@ $(LOADER_OBJS)

$(ESP_BOOT): $(LOADER_ELF) $(MKESP)
	@echo "  MKESP   $(notdir $@)"
	@$(MKESP) boot -o $@ $<
	@$(MKESP) verify --boot $@ >/dev/null

$(ESP_APP): $(KERNEL_ELF) $(MKESP)
	@echo "  MKESP   $(notdir $@)"
	@$(MKESP) app -o $@ $<
	@$(MKESP) verify $@ >/dev/null

$(ESP_PARTS): $(MKESP)
	@echo "  MKESP   $(notdir $@)"
	@$(MKESP) parttable -o $@

# The budget: mkesp flash fails when a part does not fit the 4 MB flash, mkesp sram when the
# kernel and bootloader overlap or together exceed the 512 KB of SRAM.
$(IMAGE): $(ESP_BOOT) $(ESP_PARTS) $(ESP_APP) $(KERNEL_ELF) $(LOADER_ELF)
	@echo "  MKESP   $(notdir $@) ($(ESP_FLASH_SIZE) bytes)"
	@$(MKESP) flash -o $@ $(ESP_FLASH_SIZE) $(ESP_BOOT) $(ESP_PARTS) $(ESP_APP)
	@$(MKESP) sram $(ESP_SRAM_SIZE) $(KERNEL_ELF) $(LOADER_ELF)

# There is no ESP32-C6 machine in QEMU: `make run` says so instead of guessing.
QEMU := echo "run: BOARD=esp32-c6 has no emulator; flash $(IMAGE) with esptool (docs/esp32-c6.md)" >&2; false
QEMU_COMMON :=
QEMU_BOOT :=
