# Ferrite build interface. See README.md for the commands and docs/build.md for how it is put together.
#
#   make [BOARD=..] [BOOT=..]      kernel + boot image into build/<board>-<boot>/
#   make run [CMDLINE=".."]         build, then boot it in QEMU (Ctrl-A X leaves)
#   make libc                       the user C library alone: build/<board>-<boot>/libc.a + crt0.o
#   make test                       host unit tests, then QEMU system tests over the boot matrix
#   make tools | keys               host tools (keygen, mkmacho, mkbootfs); the signing key [SIGNING_KEY=..]
#   make deps                       install the Debian packages the build and tests need
#   make clean                      remove build/

.DEFAULT_GOAL := all
SHELL := /bin/bash
TOP := $(CURDIR)
VERSION := 0.1.0

BOARD ?= qemu-virt-aarch64
CMDLINE ?=

include mk/board.mk
include mk/toolchain.mk
include mk/tools.mk
include mk/libc.mk
include mk/user.mk
include mk/kernel.mk
include mk/image.mk
include mk/test.mk

.PHONY: all run deps clean help print-qemu image kernel

all: image

image: $(IMAGE)
kernel: $(KERNEL_ELF)

run: deps image
	@echo "run: $(BOARD) boot=$(BOOT); Ctrl-A X leaves QEMU"
	@$(QEMU_RUN) ; st=$$?; \
	  if [ $$st -eq $(QEMU_POWEROFF_STATUS) ]; then exit 0; else echo "run: QEMU exited with status $$st"; exit $$st; fi

# The exact QEMU command for this BOARD/BOOT/CMDLINE; the system test harness runs what this prints.
print-qemu:
	@echo '$(QEMU_RUN)'
# Why this BOARD/BOOT pair cannot boot on this machine (empty when it can): the system tests skip
# the pair and print this.
print-skip:
	@echo '$(BOOT_SKIP)'
print-poweroff-status:
	@echo $(QEMU_POWEROFF_STATUS)

deps:
	@tools/deps.sh

clean:
	rm -rf build

help:
	@sed -n '2,10p' Makefile | sed 's/^# \{0,1\}//'
	@echo "boards: $(ALL_BOARDS)"
