# Boot images. The board file picks the image kind per boot method (BOOT_<method>_IMAGE):
#   elf       the kernel ELF itself, loaded by QEMU -kernel (Multiboot 1, PVH, OpenSBI)
#   flat      a flat binary with the Linux arm64 Image header, loaded by QEMU -kernel
#   grub-iso  a GRUB rescue ISO (grub-mkrescue) booting the kernel with multiboot/multiboot2
#   esp-flash an ESP32-C6 flash image: bootloader + partition table + app image (mk/esp.mk)
#   uefi-fat  a directory QEMU serves as a FAT drive: EFI/BOOT/<Ferrite's UEFI loader>,
#             kernel.elf, cmdline.txt (x86_64 under OVMF, aarch64 under QEMU_EFI)
#   uefi-gpt  the same files on a GPT disk image with one EFI system partition (riscv64 under
#             OpenSBI + U-Boot, whose distro boot scans partitioned disks)
#   limine-iso  a hybrid BIOS/UEFI ISO with Limine and limine.conf; needs a Limine 8.x binary
#             release in LIMINE_DIR (none is packaged here). Without it the ISO tree is built
#             and the build stops saying what is missing (docs/boot-limine.md).
#   limine-fat  Limine's UEFI application (EFI/BOOT/BOOT<arch>.EFI), limine.conf and the kernel
#             in a directory QEMU serves as a FAT drive (aarch64 under QEMU_EFI)
#   limine-gpt  the same files on a GPT disk with one EFI system partition (riscv64 under
#             OpenSBI + U-Boot). Both need LIMINE_DIR as limine-iso does.
# The UEFI kinds take the firmware and drive arguments from the board (UEFI_FIRMWARE, UEFI_DRIVE).
# QEMU_RUN is the whole command; `make print-qemu` shows it and the system tests run it.

QEMU_COMMON := -nic none -display none -serial mon:stdio -no-reboot

# A GPT disk image $(2) holding everything in directory $(1) on its EFI system partition: 1 MiB
# of GPT and alignment, a 32 MiB FAT16 partition, room for the backup GPT.
define esp_gpt_disk
	@rm -f $(2).tmp && truncate -s 34M $(2).tmp
	@printf 'label: gpt\nstart=2048, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI"\n' \
	  | sfdisk -q $(2).tmp >/dev/null
	@mformat -i $(2).tmp@@1M -T 65536 -h 64 -s 32 -v FERRITE ::
	@cd $(1) && mcopy -s -i $(2).tmp@@1M * ::
	@mv $(2).tmp $(2)
endef

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

ifneq ($(filter uefi-fat uefi-gpt,$(IMAGE_KIND)),)
include $(TOP)/mk/uefi.mk
# The command line goes in cmdline.txt, so each distinct CMDLINE gets its own files (as for GRUB).
CMDLINE_ID := $(shell printf '%s' '$(CMDLINE)' | md5sum | cut -c1-10)
UEFI_TREE := $(O)/uefi/$(CMDLINE_ID).d
# Fills directory $(1) with what the loader reads.
define uefi_tree
	@rm -rf $(1) && mkdir -p $(1)/EFI/BOOT
	@cp $(LDR_EFI) $(1)/EFI/BOOT/$(LDR_EFI_NAME)
	@cp $(KERNEL_ELF) $(1)/kernel.elf
	@printf '%s\n' '$(CMDLINE)' > $(1)/cmdline.txt
endef
endif

ifeq ($(IMAGE_KIND),uefi-fat)
IMAGE := $(UEFI_TREE)/EFI/BOOT/$(LDR_EFI_NAME)
UEFI_MEDIUM := fat:rw:$(UEFI_TREE)
QEMU_BOOT := $(UEFI_FIRMWARE) $(UEFI_DRIVE)
$(IMAGE): $(KERNEL_ELF) $(LDR_EFI) $(TOP)/mk/image.mk
	@echo "  UEFI    $(patsubst $(TOP)/%,%,$(UEFI_TREE)) (FAT directory, \"$(CMDLINE)\")"
	$(call uefi_tree,$(UEFI_TREE))
endif

ifeq ($(IMAGE_KIND),uefi-gpt)
IMAGE := $(O)/uefi/$(CMDLINE_ID).img
UEFI_MEDIUM := $(IMAGE)
QEMU_BOOT := $(UEFI_FIRMWARE) $(UEFI_DRIVE)
$(IMAGE): $(KERNEL_ELF) $(LDR_EFI) $(TOP)/mk/image.mk
	@echo "  UEFI    $(notdir $@) (GPT disk, \"$(CMDLINE)\")"
	$(call uefi_tree,$(UEFI_TREE))
	$(call esp_gpt_disk,$(UEFI_TREE),$@)
endif

# Limine: every kind holds boot/kernel.elf and boot/limine/limine.conf (Limine 8.x keys); the
# command line is baked into limine.conf, so each distinct CMDLINE gets its own image.
ifneq ($(filter limine-%,$(IMAGE_KIND)),)
CMDLINE_ID := $(shell printf '%s' '$(CMDLINE)' | md5sum | cut -c1-10)
LIMINE_TREE := $(O)/limine/$(CMDLINE_ID).d
LIMINE_EFI_x86_64 := BOOTX64.EFI
LIMINE_EFI_aarch64 := BOOTAA64.EFI
LIMINE_EFI_riscv64 := BOOTRISCV64.EFI
LIMINE_EFI := $(LIMINE_EFI_$(ARCH))
# What this kind takes from the release: the ISO also needs the BIOS stages and the host tool.
LIMINE_FILES := $(strip $(if $(filter limine-iso,$(IMAGE_KIND)),limine-bios.sys limine-bios-cd.bin limine-uefi-cd.bin limine) $(LIMINE_EFI))
LIMINE_MISSING := $(if $(LIMINE_DIR),$(filter-out $(notdir $(wildcard $(addprefix $(LIMINE_DIR)/,$(LIMINE_FILES)))),$(LIMINE_FILES)),LIMINE_DIR is unset)
# Why this pair cannot boot here (the system tests skip it, printing this).
BOOT_SKIP := $(if $(LIMINE_MISSING),Limine is not installed: set LIMINE_DIR to a Limine 8.x binary release holding $(LIMINE_FILES)$(if $(filter limine,$(LIMINE_FILES)), (the limine host tool built from its limine.c)))
LIMINE_WHERE := $(if $(filter limine-iso,$(IMAGE_KIND)),the BIOS stages go to boot/limine/ of the ISO and \
	$(LIMINE_EFI) to EFI/BOOT/; the limine tool writes the BIOS boot code,$(LIMINE_EFI) goes to \
	EFI/BOOT/ of the EFI system partition beside boot/limine/limine.conf)
# Fills $(LIMINE_TREE), then stops the build saying what is missing when Limine is not there.
define limine_tree
	@rm -rf $(LIMINE_TREE) && mkdir -p $(LIMINE_TREE)/boot/limine $(LIMINE_TREE)/EFI/BOOT
	@cp $(KERNEL_ELF) $(LIMINE_TREE)/boot/kernel.elf
	@printf '%s\n' 'timeout: 0' 'quiet: yes' 'serial: yes' '' '/Ferrite' '    protocol: limine' \
	  '    kernel_path: boot():/boot/kernel.elf' '    cmdline: $(CMDLINE)' > $(LIMINE_TREE)/boot/limine/limine.conf
	@if [ -n "$(LIMINE_MISSING)" ]; then \
	  echo "limine: the image tree is in $(LIMINE_TREE), but BOOT=limine needs a Limine binary release:"; \
	  echo "limine: set LIMINE_DIR to it (missing: $(LIMINE_MISSING)); no Debian package provides Limine."; \
	  echo "limine: $(LIMINE_WHERE) (docs/boot-limine.md)."; \
	  exit 1; fi
	@cp $(LIMINE_DIR)/$(LIMINE_EFI) $(LIMINE_TREE)/EFI/BOOT/
endef
endif

ifeq ($(IMAGE_KIND),limine-iso)
IMAGE := $(O)/limine/$(CMDLINE_ID).iso
QEMU_BOOT := -cdrom $(IMAGE)
$(IMAGE): $(KERNEL_ELF) $(TOP)/mk/image.mk
	$(limine_tree)
	@echo "  LIMINE  $(notdir $@) (\"$(CMDLINE)\")"
	@cp $(addprefix $(LIMINE_DIR)/,limine-bios.sys limine-bios-cd.bin limine-uefi-cd.bin) $(LIMINE_TREE)/boot/limine/
	@xorriso -as mkisofs -R -r -J -b boot/limine/limine-bios-cd.bin -no-emul-boot -boot-load-size 4 \
	  -boot-info-table -hfsplus -apm-block-size 2048 --efi-boot boot/limine/limine-uefi-cd.bin \
	  -efi-boot-part --efi-boot-image --protective-msdos-label $(LIMINE_TREE) -o $@ >$@.log 2>&1 \
	  || { cat $@.log; exit 1; }
	@$(LIMINE_DIR)/limine bios-install $@ >>$@.log 2>&1 || { cat $@.log; exit 1; }
endif

ifeq ($(IMAGE_KIND),limine-fat)
IMAGE := $(LIMINE_TREE)/EFI/BOOT/$(LIMINE_EFI)
UEFI_MEDIUM := fat:rw:$(LIMINE_TREE)
QEMU_BOOT := $(UEFI_FIRMWARE) $(UEFI_DRIVE)
$(IMAGE): $(KERNEL_ELF) $(TOP)/mk/image.mk
	$(limine_tree)
	@echo "  LIMINE  $(patsubst $(TOP)/%,%,$(LIMINE_TREE)) (FAT directory, \"$(CMDLINE)\")"
endif

ifeq ($(IMAGE_KIND),limine-gpt)
IMAGE := $(O)/limine/$(CMDLINE_ID).img
UEFI_MEDIUM := $(IMAGE)
QEMU_BOOT := $(UEFI_FIRMWARE) $(UEFI_DRIVE)
$(IMAGE): $(KERNEL_ELF) $(TOP)/mk/image.mk
	$(limine_tree)
	@echo "  LIMINE  $(notdir $@) (GPT disk, \"$(CMDLINE)\")"
	$(call esp_gpt_disk,$(LIMINE_TREE),$@)
endif

ifeq ($(IMAGE),)
$(error BOARD=$(BOARD) BOOT=$(BOOT): the board file names no known image kind (BOOT_$(BOOT)_IMAGE=$(IMAGE_KIND)))
endif

QEMU_RUN := $(QEMU) $(QEMU_MACHINE) $(QEMU_COMMON) $(QEMU_BOOT)
