# User programs and the boot archive. Each program in user/<name>/ is compiled for the board's
# architecture, linked at 4 MiB (user/user.ld; each at its own address on boards without an MMU,
# below) with crt0.o and the C library libc.a (mk/libc.mk,
# docs/libc.md), converted to a signed Mach-O by tools/mkmacho, and packed with the others by
# tools/mkbootfs into the boot archive that the kernel links in (kernel/bootfs_blob.S). See
# docs/binaries.md.

USER_PROGRAMS := init fault bench libctest ipctest ipcpong ipcbusy cons constest bootfs ramfs nstest overreach proctest \
	ls cat echo mkdir rm mount bind unmount ns ps kill unshare fdtest
# Sources a program links besides its own directory and the C library: 9P for the namespace
# programs (docs/namespaces.md).
USER_P9_SERVER := lib/9p/codec.c lib/9p/server.c user/lib/p9serve.c
bootfs_SRCS := $(USER_P9_SERVER) lib/bootfs/bootfs.c lib/bootfs9p/bootfs9p.c
ramfs_SRCS := $(USER_P9_SERVER) lib/ramfs/ramfs.c lib/ramfs/ramfs_check.c
nstest_SRCS := lib/9p/codec.c user/lib/p9client.c
cons_SRCS := lib/9p/codec.c lib/9p/server.c lib/cons/consline.c
constest_SRCS := lib/9p/codec.c user/lib/p9client.c
# A program's heap, when it uses malloc: <name>_HEAP_SIZE bytes, else USER_HEAP_SIZE (mk/libc.mk).
libctest_HEAP_SIZE := 0x10000 # libctest checks that it gets exactly this
# The shell and login (docs/shell.md, docs/login.md); login checks passwords with lib/passwd.
USER_PROGRAMS += sh login
login_SRCS := user/sh/input.c lib/passwd/passwd.c lib/crypto/sha256.c lib/crypto/hmac.c \
	lib/crypto/sha512.c lib/crypto/pbkdf2.c
# Threads in a process (docs/syscalls.md 40..42), system test thread-obj.
USER_PROGRAMS += threadtest

# Boards without an MMU (BOARD_USER_SLOT_BASE/SIZE set) have no address of their own to give each
# program: every program is linked at its own place in RAM, the start of its slot, and the kernel
# loads it exactly there (kernel/process_place.c, docs/memory.md). Program i of USER_PROGRAMS
# owns slot [BASE + i * SIZE, BASE + (i + 1) * SIZE): its segments from the bottom, its stack at
# the top. The link fails when a program leaves no room below the slot's end for the default stack
# (64 KiB, PROCESS_STACK_DEFAULT) and the unmapped guard page under it.
ifneq ($(BOARD_USER_SLOT_SIZE),)
USER_STACK_RESERVE := 0x11000
# The programs before $(1) in USER_PROGRAMS.
user_before = $(if $(2),$(if $(filter $(1),$(firstword $(2))),,$(firstword $(2)) \
	$(call user_before,$(1),$(wordlist 2,$(words $(2)),$(2)))))
user_slot = ($(BOARD_USER_SLOT_BASE) + $(words $(call user_before,$(1),$(USER_PROGRAMS))) * $(BOARD_USER_SLOT_SIZE))
user_place = --defsym=__user_link_base='$(call user_slot,$(1))' \
	--defsym=__user_slot_limit='$(call user_slot,$(1)) + $(BOARD_USER_SLOT_SIZE) - $(USER_STACK_RESERVE)'
USER_PLACE_DEPS := $(TOP)/boards/$(BOARD).mk
endif

# One ELF and one signed Mach-O per program.
define user_program
$(1)_OBJS := $$(patsubst $(TOP)/%,$(USER_O)/obj/%.o,$$(wildcard $(TOP)/user/$(1)/*.c)) \
	$$(patsubst %,$(USER_O)/obj/%.o,$$($(1)_SRCS))
$(USER_O)/$(1).elf: $$($(1)_OBJS) $(LIBC_CRT0) $(LIBC_A) $(TOP)/user/user.ld $(TOP)/mk/user.mk $(USER_PLACE_DEPS)
	@echo "  LD      user/$(1)"
	@$(LD) $(USER_LDFLAGS_ARCH) -static -nostdlib -z max-page-size=4096 -T $(TOP)/user/user.ld \
		--defsym=__libc_heap_size=$$(or $$($(1)_HEAP_SIZE),$(USER_HEAP_SIZE)) $(call user_place,$(1)) \
		-o $$@ $(LIBC_CRT0) $$($(1)_OBJS) $(LIBC_A)
$(USER_O)/$(1): $(USER_O)/$(1).elf $(MKMACHO) $(SIGNING_KEY)
	@echo "  MKMACHO $(1) (signed)"
	@$(MKMACHO) -k $(SIGNING_KEY) -a $(ARCH) -o $$@ $$<
-include $$($(1)_OBJS:.o=.d)
endef
$(foreach p,$(USER_PROGRAMS),$(eval $(call user_program,$(p))))

# init with one byte of its code changed after signing: the kernel must refuse to run it
# (system test `tamper`). The byte is the first instruction's, in the text segment at 4 KiB.
$(USER_O)/init.tampered: $(USER_O)/init
	@python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[0x1000] ^= 0x01; open(sys.argv[2], "wb").write(d)' $< $@

# The password file (docs/login.md): one user, glenda, whose password is the make variable
# PASSWORD. The default, glenda, is for trying Ferrite out and must be changed for anything real:
#   make PASSWORD='something long' ...
# PASSWD_ITER is the PBKDF2 iteration count (why 10000: docs/login.md). The password reaches
# tools/mkpasswd through its environment, not its command line. The rule runs on every build
# (FORCE: make cannot see a variable change), but mkpasswd -o leaves the file, and so the boot
# archive, untouched when it already holds this password, iteration count and user; a change
# rewrites it with a fresh random salt.
PASSWORD ?= glenda
PASSWD_ITER ?= 10000
$(USER_O)/passwd: private export FERRITE_PASSWORD = $(PASSWORD)
$(USER_O)/passwd: $(MKPASSWD) FORCE
	@mkdir -p $(dir $@)
	@before=$$(stat -c %Y.%Z $@ 2>/dev/null); \
	  $(MKPASSWD) -u glenda -e FERRITE_PASSWORD -i $(PASSWD_ITER) -o $@ || exit 1; \
	  [ "$$before" = "$$(stat -c %Y.%Z $@)" ] || \
	  echo "  MKPASSWD passwd (user glenda, $(PASSWD_ITER) iterations$(if $(filter glenda,$(PASSWORD)),; default password glenda))"

.PHONY: FORCE
FORCE:

BOOTFS_IMG := $(USER_O)/bootfs.img
BOOTFS_FILES := $(addprefix $(USER_O)/,$(USER_PROGRAMS)) $(USER_O)/init.tampered $(USER_O)/passwd
$(BOOTFS_IMG): $(BOOTFS_FILES) $(MKBOOTFS)
	@echo "  MKBOOTFS $(notdir $@) ($(notdir $(BOOTFS_FILES)))"
	@$(MKBOOTFS) -o $@ $(foreach f,$(BOOTFS_FILES),$(notdir $(f))=$(f))

.PHONY: user
user: $(BOOTFS_IMG)
