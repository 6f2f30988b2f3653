# Ferrite's user C library (docs/libc.md): user/lib/ (system calls, errno, strings, ctype, strtol,
# malloc, exit, stdio) plus the shared lib/ code it stands on (fmt, string, err, and the 64-bit
# division helpers on 32-bit targets), compiled for the board's architecture into one archive:
#
#   make libc [BOARD=..]     build/<board>-<boot>/libc.a and crt0.o beside it
#
# User programs (mk/user.mk) link crt0.o first and libc.a last; ld.lld takes only the members a
# program uses, so a program that never calls malloc carries no allocator and no heap (user/user.ld).

include $(TOP)/user/arch/$(ARCH_DIR)/user.mk

USER_O := $(O)/user
# -nostdlibinc: the standard headers are user/lib/include/'s, never the build machine's.
# clang's own freestanding headers (stddef.h, stdint.h, stdarg.h, limits.h...) stay.
USER_CFLAGS := -std=c17 -ffreestanding -fno-builtin -nostdlib -nostdlibinc -fno-stack-protector \
	-fno-pic -fno-omit-frame-pointer -O2 -g -Wall -Wextra -Werror -MMD -MP \
	-I$(TOP)/user/lib/include -I$(TOP)/lib/include -I$(TOP)/user/lib $(USER_CFLAGS_ARCH)

LIBC_SRCS := $(addprefix user/lib/,ulib.c sys_ipc.c sys_dev.c sys_ns.c sys_proc.c errno.c string.c ctype.c strtol.c malloc.c stdlib.c stdio.c) \
	$(addprefix user/lib/,start.c args.c path.c fdtab.c fdspec.c dirrec.c errmap.c qsort.c cmdargs.c fd.c file.c dir.c spawn.c srv.c p9client.c) \
	lib/fmt/fmt.c lib/string/string.c lib/err/err.c lib/9p/codec.c \
	$(addprefix lib/,$(ARCH_LIB_SRCS)) $(addprefix user/,$(filter-out %crt0.S %crt0_32.S %crt0_64.S,$(USER_ARCH_SRCS)))
LIBC_CRT0_SRC := $(addprefix user/,$(filter %crt0.S %crt0_32.S %crt0_64.S,$(USER_ARCH_SRCS)))
LIBC_OBJS := $(patsubst %,$(USER_O)/obj/%.o,$(LIBC_SRCS))
LIBC_A := $(O)/libc.a
LIBC_CRT0 := $(O)/crt0.o
# The heap every program gets when it uses malloc, unless it sets <name>_HEAP_SIZE in mk/user.mk
# (bytes; 0 leaves malloc with nothing, so it always fails with ENOMEM). A board with little RAM
# sets BOARD_USER_HEAP_SIZE for its default.
USER_HEAP_SIZE ?= $(or $(BOARD_USER_HEAP_SIZE),0x40000)

$(USER_O)/obj/%.c.o: $(TOP)/%.c $(TOP)/user/arch/$(ARCH_DIR)/user.mk $(TOP)/mk/libc.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c (user)"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_O)/obj/%.S.o: $(TOP)/%.S $(TOP)/user/arch/$(ARCH_DIR)/user.mk $(TOP)/mk/libc.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $*.S (user)"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(LIBC_A): $(LIBC_OBJS)
	@echo "  AR      libc.a"
	@rm -f $@
	@$(AR) rcs $@ $(LIBC_OBJS)

$(LIBC_CRT0): $(patsubst %,$(USER_O)/obj/%.o,$(LIBC_CRT0_SRC))
	@cp $< $@

-include $(LIBC_OBJS:.o=.d)

.PHONY: libc
libc: $(LIBC_A) $(LIBC_CRT0)
	@echo "libc: $(patsubst $(TOP)/%,%,$(LIBC_A)) ($$(stat -c %s $(LIBC_A)) bytes; code+data $$($(SIZE) -t $(LIBC_A) | awk 'END { print $$1 + $$2 }') bytes) and $(patsubst $(TOP)/%,%,$(LIBC_CRT0)) for $(BOARD) ($(ARCH))"
