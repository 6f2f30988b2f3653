#!/usr/bin/env bash
# Installs the Debian packages Ferrite's build and tests need, when missing. Idempotent: says
# nothing but one line when everything is there. As non-root it prints the apt-get command.
set -euo pipefail

packages=(
	make clang lld llvm            # the one cross toolchain (clang, ld.lld, llvm-objcopy)
	gcc libc6-dev                  # host tools and unit tests (native cc, ASan + UBSan)
	libclang-rt-14-dev             # libFuzzer for the fuzz targets
	python3                        # the system test harness
	qemu-system-arm qemu-system-misc qemu-system-x86
	opensbi                        # riscv64 firmware (-bios default)
	grub-common grub-pc-bin xorriso mtools   # GRUB rescue ISOs for Multiboot on pc
	python3-serial python3-intelhex          # what esptool 4.x needs to check ESP32-C6 images
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#packages[@]} packages present"
	exit 0
fi

echo "deps: missing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "deps: apt-get update"
apt-get update -q >/dev/null
echo "deps: installing ${missing[*]}"
apt-get install -y -q --no-install-recommends "${missing[@]}"
