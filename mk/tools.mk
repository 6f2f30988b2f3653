# Host tools (native cc) into build/tools/, and the signing key of this build tree.
#
#   make tools                      keygen, mkmacho, mkbootfs, mkpasswd
#   make keys                       build/keys/signing.pub (+ signing.key when generated here)
#   make ... SIGNING_KEY=path       sign with that private key instead of the build tree's own
#
# The key is generated once per build tree by tools/keygen and lives in build/keys/, which is
# never committed; `make clean` removes it with the rest of build/. See docs/binaries.md.

TOOLS_O := $(TOP)/build/tools
KEYS_O := $(TOP)/build/keys

TOOLS_CFLAGS := -std=c17 -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra -Werror -MMD -MP \
	-I$(TOP)/lib/include -I$(TOP)/tools
# The portable pieces the tools share with the kernel, compiled for the host.
TOOLS_LIB_SRCS := $(wildcard $(TOP)/lib/crypto/*.c) $(TOP)/lib/macho/macho.c $(TOP)/lib/bootfs/bootfs.c \
	$(TOP)/lib/passwd/passwd.c
TOOLS_LIB_OBJS := $(patsubst $(TOP)/%,$(TOOLS_O)/obj/%.o,$(TOOLS_LIB_SRCS))

KEYGEN := $(TOOLS_O)/keygen
MKMACHO := $(TOOLS_O)/mkmacho
MKBOOTFS := $(TOOLS_O)/mkbootfs
MKPASSWD := $(TOOLS_O)/mkpasswd
TOOLS := $(KEYGEN) $(MKMACHO) $(MKBOOTFS) $(MKPASSWD)

# tools/fileio.c (whole-file reads, atomic replace, die) is shared by every tool.
TOOLS_keygen := tools/keygen.c tools/keyfile.c tools/fileio.c
TOOLS_mkmacho := tools/mkmacho.c tools/keyfile.c tools/elf2macho.c tools/fileio.c
TOOLS_mkbootfs := tools/mkbootfs.c tools/bootfs_build.c tools/fileio.c
TOOLS_mkpasswd := tools/mkpasswd.c tools/mkpasswd_line.c tools/fileio.c
TOOLS_OBJS := $(sort $(patsubst %,$(TOOLS_O)/obj/%.o,$(TOOLS_keygen) $(TOOLS_mkmacho) $(TOOLS_mkbootfs) \
	$(TOOLS_mkpasswd)))

$(TOOLS_O)/obj/%.c.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $*.c"
	@$(HOSTCC) $(TOOLS_CFLAGS) -c $< -o $@

TOOLS_LINK = @echo "  HOSTLD  $(notdir $@)"; $(HOSTCC) -o $@ $^
$(KEYGEN): $(patsubst %,$(TOOLS_O)/obj/%.o,$(TOOLS_keygen)) $(TOOLS_LIB_OBJS)
	$(TOOLS_LINK)
$(MKMACHO): $(patsubst %,$(TOOLS_O)/obj/%.o,$(TOOLS_mkmacho)) $(TOOLS_LIB_OBJS)
	$(TOOLS_LINK)
$(MKBOOTFS): $(patsubst %,$(TOOLS_O)/obj/%.o,$(TOOLS_mkbootfs)) $(TOOLS_LIB_OBJS)
	$(TOOLS_LINK)
$(MKPASSWD): $(patsubst %,$(TOOLS_O)/obj/%.o,$(TOOLS_mkpasswd)) $(TOOLS_LIB_OBJS)
	$(TOOLS_LINK)

-include $(TOOLS_OBJS:.o=.d) $(TOOLS_LIB_OBJS:.o=.d)

# The signing key. By default the build tree's own, made on first use and then kept: its rule has
# only an order-only dependency on keygen, so rebuilding keygen never replaces the key.
ifeq ($(SIGNING_KEY),)
SIGNING_KEY := $(KEYS_O)/signing.key
SIGNING_PUB := $(KEYS_O)/signing.pub
$(SIGNING_KEY): | $(KEYGEN)
	@mkdir -p $(dir $@)
	@echo "  KEYGEN  $(patsubst $(TOP)/%,%,$@) (new signing key for this build tree)"
	@$(KEYGEN) -o $(basename $@) 2>/dev/null
$(SIGNING_PUB): $(SIGNING_KEY)
	@$(KEYGEN) -p $< -o $@
else
# A key named by the user: its public half is derived into build/keys/ under a name of its own,
# so switching between keys never leaves a stale public key behind.
override SIGNING_KEY := $(abspath $(SIGNING_KEY))
SIGNING_PUB := $(KEYS_O)/named-$(shell printf '%s' '$(SIGNING_KEY)' | md5sum | cut -c1-10).pub
$(SIGNING_KEY):
	@echo "SIGNING_KEY=$@ does not exist (make one with $(KEYGEN) -o PREFIX)"; exit 1
$(SIGNING_PUB): $(SIGNING_KEY) $(KEYGEN)
	@mkdir -p $(dir $@)
	@echo "  KEYPUB  $(patsubst $(TOP)/%,%,$@) (from $(SIGNING_KEY))"
	@$(KEYGEN) -p $< -o $@
endif

# The public key as C, for the kernel to build in (the kernel's loader is not wired up yet).
SIGNING_PUB_C := $(SIGNING_PUB:.pub=_pub.c)
$(SIGNING_PUB_C): $(SIGNING_PUB) $(KEYGEN)
	@$(KEYGEN) -c $(patsubst $(TOP)/%,%,$<) macho_builtin_key > $@.tmp && mv $@.tmp $@

.PHONY: tools keys
tools: $(TOOLS)
keys: $(SIGNING_PUB) $(SIGNING_PUB_C)
