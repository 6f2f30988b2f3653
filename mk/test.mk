# Tests. `make test` runs every suite (unit, fuzz, system) even when one fails, then prints one
# total line and fails if any suite did; `make unit`, `make fuzz`, `make systest` run one suite.
# Everything is built under build/test/, never in the source tree. See docs/testing.md.

TEST_O := $(TOP)/build/test

# The portable code under test: lib/ parsers and the boot adapters, built for the host.
TEST_SUT := lib/fmt/fmt.c lib/fdt/fdt.c lib/string/string.c lib/rt/udivdi3.c \
	kernel/bootinfo.c kernel/cmdline.c \
	kernel/boot/common.c kernel/boot/fdt_bootinfo.c kernel/boot/multiboot1.c \
	kernel/boot/multiboot2.c kernel/boot/pvh.c \
	kernel/clock_conv.c kernel/pmm.c kernel/slab.c kernel/runq.c kernel/pi.c kernel/sched_entity.c lib/err/err.c \
	kernel/kobject.c kernel/handle.c kernel/ns.c kernel/chan.c kernel/memobj.c kernel/irqobj.c kernel/svc.c \
	kernel/objwait.c kernel/proc_info.c kernel/thread_args.c \
	tools/esp/esp_image.c tools/esp/hash.c \
	kernel/boot/uefi.c kernel/boot/uefi/image.c kernel/boot/limine.c \
	lib/macho/macho.c lib/bootfs/bootfs.c lib/crypto/sha512.c lib/crypto/ed25519.c \
	lib/crypto/sha256.c lib/crypto/hmac.c lib/crypto/pbkdf2.c lib/passwd/passwd.c tools/mkpasswd_line.c \
	tools/elf2macho.c tools/bootfs_build.c \
	lib/9p/codec.c lib/9p/server.c lib/9p/memtree.c lib/ramfs/ramfs.c lib/ramfs/ramfs_check.c lib/bootfs9p/bootfs9p.c \
	lib/cons/consline.c \
	user/lib/string.c user/lib/ctype.c user/lib/strtol.c user/lib/malloc.c user/lib/stdlib.c \
	user/lib/args.c user/lib/path.c user/lib/fdtab.c user/lib/fdspec.c user/lib/dirrec.c \
	user/lib/errmap.c user/lib/qsort.c user/lib/cmdargs.c \
	user/sh/parse.c
# The shell's executor and line reader, login's decision (docs/shell.md, docs/login.md).
TEST_SUT += user/sh/exec.c user/sh/input.c user/login/check.c
# (user/lib/*.c build here as their prefixed cores only: their standard-name bindings are under
# `#if !__STDC_HOSTED__`, so nothing clashes with the host C library; see user/lib/libc.h.)
# Test helpers shared by unit tests and fuzzers: fake physical memory, FDT and loader builders.
TEST_COMMON := $(patsubst $(TOP)/%,%,$(sort $(wildcard $(TOP)/test/common/*.c)))
TEST_INC := -I$(TOP)/kernel/include -I$(TOP)/lib/include -I$(TOP)/test/common -I$(TOP)/tools -I$(TOP)/kernel/boot/uefi -DCONFIG_DEBUG=1
TEST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_CC ?= $(HOSTCC)
UNIT_CFLAGS := -std=c17 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror $(TEST_SAN) $(TEST_INC) -MMD -MP
UNIT_SRCS := $(TEST_SUT) $(TEST_COMMON) $(sort $(wildcard $(TOP)/test/unit/*.c))
UNIT_SRCS := $(patsubst $(TOP)/%,%,$(UNIT_SRCS))
UNIT_OBJS := $(patsubst %,$(TEST_O)/unit/obj/%.o,$(UNIT_SRCS))
UNIT_BIN := $(TEST_O)/unit/unit

# libFuzzer targets, one per parser that takes input from outside the kernel.
FUZZ_TARGETS := fdt multiboot1 multiboot2 pvh limine macho bootfs ed25519_verify p9_codec p9_server ns passwd ramfs bootfs9p sh_parse args consline p9_defer
# The shell's executor and line reader (docs/shell.md).
FUZZ_TARGETS += sh_exec
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c17 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(TEST_INC)
# Seconds each fuzz target runs in `make fuzz` / `make test`; raise it for a real campaign.
FUZZ_TIME ?= 5
FUZZ_BINS := $(addprefix $(TEST_O)/fuzz/,$(FUZZ_TARGETS))
FUZZ_SEEDGEN := $(TEST_O)/fuzz/seedgen

.PHONY: test unit fuzz systest esptest unit-build fuzz-build

$(TEST_O)/unit/obj/%.c.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $*.c"
	@$(UNIT_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_BIN): $(UNIT_OBJS)
	@echo "  HOSTLD  $(notdir $@)"
	@$(UNIT_CC) $(TEST_SAN) -o $@ $(UNIT_OBJS)

-include $(UNIT_OBJS:.o=.d)

unit-build: $(UNIT_BIN)

unit: $(UNIT_BIN)
	@$(UNIT_BIN)

# Each fuzzer is one translation unit plus the code under test, built in one step: libFuzzer
# instrumentation must cover the parsers, so they are not shared with the unit test objects.
$(TEST_O)/fuzz/%: $(TOP)/test/fuzz/fuzz_%.c $(addprefix $(TOP)/,$(TEST_SUT) $(TEST_COMMON)) \
		$(wildcard $(TOP)/kernel/include/*.h $(TOP)/lib/include/*.h $(TOP)/test/common/*.h \
		  $(TOP)/user/lib/*.h $(TOP)/user/sh/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $(notdir $@)"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(addprefix $(TOP)/,$(TEST_SUT) $(TEST_COMMON))

# The seed generator writes starting inputs from the same builders the unit tests use.
$(FUZZ_SEEDGEN): $(TOP)/test/fuzz/seedgen.c $(addprefix $(TOP)/,$(TEST_COMMON) $(TEST_SUT)) \
		$(wildcard $(TOP)/test/common/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(notdir $@)"
	@$(UNIT_CC) -std=c17 -D_DEFAULT_SOURCE -g -Wall -Wextra -Werror $(TEST_INC) -o $@ $< \
		$(addprefix $(TOP)/,$(TEST_COMMON) $(TEST_SUT))

fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDGEN)

fuzz: fuzz-build
	@$(TOP)/test/fuzz/run.sh $(TEST_O)/fuzz $(FUZZ_TIME) $(FUZZ_TARGETS)

esptest:
	@$(TOP)/test/esp.sh

systest:
	@python3 $(TOP)/test/system/run.py $(SYSTEST_ARGS)

# Runs every suite whatever happened to the one before, then sums their last lines.
test: deps
	@$(TOP)/test/run-all.sh

# Micro-benchmarks in guest instructions (QEMU -icount shift=0); writes docs/perf.md.
.PHONY: bench
bench: deps
	@python3 $(TOP)/test/bench/run.py
