# The kernel: portable code, the board's architecture folder, one boot protocol adapter, the
# board's early console driver, and the shared lib/ code it uses.


# What each boot method adds: its adapter and the header or note its loader looks for.
BOOT_FILES_raw := fdt_bootinfo.c
BOOT_FILES_mb1 := multiboot1.c multiboot1_header.S
BOOT_FILES_mb2 := multiboot2.c multiboot2_header.S
BOOT_FILES_pvh := pvh.c pvh_note.S
BOOT_FILES_esp := esp.c esp_app_desc.c
BOOT_FILES_uefi := uefi.c uefi_note.S
BOOT_FILES_limine := limine.c limine_requests.c limine_move.c

KERNEL_LIB_SRCS := fmt/fmt.c fdt/fdt.c string/string.c err/err.c $(ARCH_LIB_SRCS) \
	$(if $(ARCH_HAS_THREADS),macho/macho.c bootfs/bootfs.c crypto/sha512.c crypto/ed25519.c)

# The kernel core (memory, traps, paging, interrupts, time) needs an architecture's full hal.h;
# while the ports land one by one, an arch.mk sets ARCH_HAS_CORE once its port implements it.
# Threads (context switch, user mode) need the next part of hal.h: ARCH_HAS_THREADS.
KERNEL_CORE_SRCS := pmm.c slab.c trap.c irq.c timer.c selftest.c
# Kernel objects, handles and namespaces take spinlocks (hal_irq_save) and kmalloc, so they come
# with threads.
KERNEL_THREAD_SRCS := sched.c thread.c kmutex.c pi_demo.c syscall.c process.c process_place.c bootfs_blob.S \
	kobject.c handle.c ns.c chan.c ipc.c memobj.c irqobj.c sys_dev.c svc.c sys_ns.c \
	sys_proc.c objwait.c proc_info.c sys_thread.c thread_args.c
KERNEL_BASE_SRCS := $(filter-out $(addprefix $(TOP)/kernel/,$(KERNEL_CORE_SRCS) $(KERNEL_THREAD_SRCS)),\
	$(wildcard $(TOP)/kernel/*.c))

KERNEL_SRCS := $(KERNEL_BASE_SRCS) $(if $(ARCH_HAS_CORE),$(addprefix $(TOP)/kernel/,$(KERNEL_CORE_SRCS))) \
	$(if $(ARCH_HAS_THREADS),$(addprefix $(TOP)/kernel/,$(KERNEL_THREAD_SRCS)) $(SIGNING_PUB_C)) \
	$(addprefix $(TOP)/kernel/arch/$(ARCH_DIR)/,$(ARCH_SRCS)) \
	$(addprefix $(TOP)/kernel/boot/,boot.c common.c $(BOOT_FILES_$(BOOT))) \
	$(addprefix $(TOP)/kernel/dev/,$(BOARD_DEVS)) \
	$(addprefix $(TOP)/lib/,$(KERNEL_LIB_SRCS))

# Objects are rebuilt when the files that set their compiler flags change.
KERNEL_FLAG_DEPS := $(TOP)/boards/$(BOARD).mk $(TOP)/kernel/arch/$(ARCH_DIR)/arch.mk $(TOP)/mk/toolchain.mk

KERNEL_OBJS := $(patsubst $(TOP)/%,$(O)/obj/%.o,$(KERNEL_SRCS))
KERNEL_ELF := $(O)/kernel.elf
KERNEL_LDS := $(TOP)/kernel/arch/$(ARCH_DIR)/$(ARCH_LDS)

$(O)/obj/%.c.o: $(TOP)/%.c $(KERNEL_FLAG_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(O)/obj/%.S.o: $(TOP)/%.S $(KERNEL_FLAG_DEPS)
	@mkdir -p $(dir $@)
	@echo "  AS      $*.S"
	@$(CC) $(KASFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_LDS)
	@echo "  LD      $(notdir $@) ($(BOARD) $(BOOT))"
	@$(LD) $(KLDFLAGS) -T $(KERNEL_LDS) -o $@ $(KERNEL_OBJS)

# The boot archive is linked into the image (threads builds: there is something to run).
$(O)/obj/kernel/bootfs_blob.S.o: $(BOOTFS_IMG)
$(O)/obj/kernel/bootfs_blob.S.o: KASFLAGS += -DBOOTFS_IMAGE='"$(BOOTFS_IMG)"'

-include $(KERNEL_OBJS:.o=.d)
