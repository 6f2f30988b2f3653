# Boot images. The board file picks the image kind per boot method (BOOT_<method>_IMAGE):
#   elf       the kernel ELF itself, loaded by QEMU -kernel (Multiboot 1, PVH, OpenSBI)
#   flat      a flat binary with the Linux arm64 Image header, loaded by QEMU -kernel
#   grub-iso  a GRUB rescue ISO (grub-mkrescue) booting the kernel with multiboot/multiboot2
#   esp-flash an ESP32-C6 flash image: bootloader + partition table + app image (mk/esp.mk)
# QEMU_RUN is the whole command; `make print-qemu` shows it and the system tests run it.

QEMU_COMMON := -nic none -display none -serial mon:stdio -no-reboot

ifeq ($(IMAGE_KIND),elf)
IMAGE := $(KERNEL_ELF)
QEMU_BOOT := -kernel $(IMAGE) -append "$(CMDLINE)"
endif

ifeq ($(IMAGE_KIND),flat)
IMAGE := $(O)/kernel.bin
QEMU_BOOT := -kernel $(IMAGE) -append "$(CMDLINE)"
$(IMAGE): $(KERNEL_ELF)
	@echo "  OBJCOPY $(notdir $@)"
	@$(OBJCOPY) -O binary $< $@
endif

ifeq ($(IMAGE_KIND),grub-iso)
# The command line is baked into grub.cfg, so each distinct CMDLINE gets its own ISO: parallel
# system tests with different command lines never overwrite each other's image.
CMDLINE_ID := $(shell printf '%s' '$(CMDLINE)' | md5sum | cut -c1-10)
IMAGE := $(O)/iso/$(CMDLINE_ID).iso
GRUB_LOADER_mb1 := multiboot
GRUB_LOADER_mb2 := multiboot2
QEMU_BOOT := -cdrom $(IMAGE)
$(IMAGE): $(KERNEL_ELF) $(TOP)/mk/image.mk
	@echo "  GRUB    $(notdir $@) ($(GRUB_LOADER_$(BOOT)) \"$(CMDLINE)\")"
	@rm -rf $@.d && mkdir -p $@.d/boot/grub
	@cp $(KERNEL_ELF) $@.d/boot/kernel.elf
	@printf '%s\n' 'serial --unit=0 --speed=115200' 'terminal_input serial' 'terminal_output serial' \
	  'set timeout=0' 'menuentry "Ferrite" {' \
	  '  $(GRUB_LOADER_$(BOOT)) /boot/kernel.elf $(CMDLINE)' '  boot' '}' > $@.d/boot/grub/grub.cfg
	@grub-mkrescue -o $@ $@.d >$@.log 2>&1 || { cat $@.log; exit 1; }
	@rm -rf $@.d
endif

ifeq ($(IMAGE_KIND),esp-flash)
include $(TOP)/mk/esp.mk
endif

ifeq ($(IMAGE),)
$(error BOARD=$(BOARD) BOOT=$(BOOT): the board file names no known image kind (BOOT_$(BOOT)_IMAGE=$(IMAGE_KIND)))
endif

QEMU_RUN := $(QEMU) $(QEMU_MACHINE) $(QEMU_COMMON) $(QEMU_BOOT)
