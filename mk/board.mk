# Board selection and the boot matrix. Every board file in boards/ says which boot methods it has
# (BOARD_BOOTS); this is the one place an unsupported BOARD/BOOT pair is refused.

ALL_BOARDS := $(sort $(basename $(notdir $(wildcard $(TOP)/boards/*.mk))))

ifeq ($(filter $(BOARD),$(ALL_BOARDS)),)
$(error unknown BOARD=$(BOARD); the boards are: $(ALL_BOARDS))
endif

include $(TOP)/boards/$(BOARD).mk

ifeq ($(strip $(BOARD_BOOTS)),)
$(error BOARD=$(BOARD) cannot be built yet: $(BOARD_NOT_YET))
endif

BOOT ?= $(BOARD_DEFAULT_BOOT)

ifeq ($(filter $(BOOT),$(BOARD_BOOTS)),)
$(error BOARD=$(BOARD) does not support BOOT=$(BOOT); it boots with: $(BOARD_BOOTS) (see boards/$(BOARD).mk))
endif

# How this pair is packaged: set per boot method by the board file (BOOT_<method>_IMAGE).
IMAGE_KIND := $(BOOT_$(BOOT)_IMAGE)
O := $(TOP)/build/$(BOARD)-$(BOOT)

# The architecture's compiler flags and sources.
include $(TOP)/kernel/arch/$(ARCH_DIR)/arch.mk
