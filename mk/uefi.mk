# Ferrite's UEFI loader (kernel/boot/uefi/), built for the board's architecture as the removable-
# media boot file EFI/BOOT/BOOT<arch>.EFI. x86_64 and aarch64: clang for a *-windows target and
# lld-link write the PE. riscv64: no LLVM tool writes a RISC-V PE, so an ELF PIE linked at 0 behind
# a hand-written PE header (riscv64_pe.S, riscv64.ld) becomes a flat file with llvm-objcopy.

LDR_DIR := $(TOP)/kernel/boot/uefi
LDR_OUT := $(O)/uefi-loader
LDR_CFLAGS_COMMON := -std=c17 -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -O2 \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP \
	-I$(TOP)/kernel/include -I$(TOP)/lib/include -fmacro-prefix-map=$(TOP)/=
LDR_SRCS := $(LDR_DIR)/loader.c $(LDR_DIR)/image.c $(TOP)/lib/string/string.c

ifeq ($(ARCH),x86_64)
LDR_EFI_NAME := BOOTX64.EFI
LDR_CFLAGS := -target x86_64-unknown-windows -mno-red-zone -mgeneral-regs-only -mno-stack-arg-probe
LDR_SRCS += $(LDR_DIR)/x86_64.c
LDR_LINK = lld-link /nologo /subsystem:efi_application /entry:efi_main /nodefaultlib \
	/machine:x64 /out:$@ $(LDR_OBJS)
endif
ifeq ($(ARCH),aarch64)
LDR_EFI_NAME := BOOTAA64.EFI
LDR_CFLAGS := -target aarch64-unknown-windows -mgeneral-regs-only
LDR_SRCS += $(LDR_DIR)/aarch64.c $(LDR_DIR)/aarch64_off.S
LDR_LINK = lld-link /nologo /subsystem:efi_application /entry:efi_main /nodefaultlib \
	/machine:arm64 /out:$@ $(LDR_OBJS)
endif
ifeq ($(ARCH),riscv64)
LDR_EFI_NAME := BOOTRISCV64.EFI
LDR_CFLAGS := -target riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax -fpie
LDR_SRCS += $(LDR_DIR)/riscv64.c $(LDR_DIR)/riscv64_pe.S
LDR_LINK = $(LD) -m elf64lriscv -pie --no-dynamic-linker -z notext -nostdlib -static \
	-T $(LDR_DIR)/riscv64.ld -o $@.elf $(LDR_OBJS) && $(OBJCOPY) -O binary $@.elf $@
endif
ifeq ($(LDR_EFI_NAME),)
$(error BOOT=uefi: no UEFI loader for ARCH=$(ARCH))
endif

LDR_OBJS := $(patsubst $(TOP)/%,$(LDR_OUT)/%.o,$(LDR_SRCS))
LDR_EFI := $(LDR_OUT)/$(LDR_EFI_NAME)

$(LDR_OUT)/%.c.o: $(TOP)/%.c $(TOP)/mk/uefi.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c (uefi loader)"
	@$(CC) $(LDR_CFLAGS_COMMON) $(LDR_CFLAGS) -c $< -o $@

$(LDR_OUT)/%.S.o: $(TOP)/%.S $(TOP)/mk/uefi.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $*.S (uefi loader)"
	@$(CC) $(LDR_CFLAGS_COMMON) $(LDR_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(LDR_EFI): $(LDR_OBJS) $(wildcard $(LDR_DIR)/*.ld)
	@echo "  LINK    $(notdir $@)"
	@$(LDR_LINK)

-include $(LDR_OBJS:.o=.d)
