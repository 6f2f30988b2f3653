# One cross toolchain for every target: clang + ld.lld. Host tools and unit tests use the native cc.
CC := clang
LD := ld.lld
OBJCOPY := llvm-objcopy
AR := llvm-ar
SIZE := llvm-size
HOSTCC ?= cc

# Warnings are errors in the kernel so that every board stays warning-free.
KCFLAGS := -std=c17 $(if $(RELEASE),,-DCONFIG_DEBUG=1) -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pic \
	-fno-omit-frame-pointer -fno-common -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -MMD -MP \
	-I$(TOP)/kernel/include -I$(TOP)/lib/include \
	-fmacro-prefix-map=$(TOP)/= -DFERRITE_VERSION='"$(VERSION)"' -DFERRITE_BOARD='"$(BOARD)"' -DFERRITE_ARCH='"$(ARCH)"' \
	-DFERRITE_BOOT='"$(BOOT)"' -DCONFIG_BOOT_$(BOOT)=1 $(if $(ARCH_HAS_CORE),-DCONFIG_ARCH_CORE=1) $(if $(ARCH_HAS_PIO),-DCONFIG_ARCH_PIO=1) $(if $(ARCH_HAS_THREADS),-DCONFIG_ARCH_THREADS=1 -DCONFIG_MACHO_ARCH=MACHO_ARCH_$(shell echo $(ARCH) | tr a-z A-Z)) \
	$(ARCH_CFLAGS) $(BOARD_CFLAGS)
KASFLAGS := $(KCFLAGS) -D__ASSEMBLY__
KLDFLAGS := -nostdlib -static --no-dynamic-linker -z max-page-size=4096 $(ARCH_LDFLAGS)
