#!/usr/bin/env bash
# `make esptest`: the ESP32-C6 image, which no emulator here can boot. The build itself runs the
# project's checker on every image (mkesp verify) and the flash/SRAM budget check; then esptool,
# Espressif's own tool, checks the images independently when it is installed (skipped otherwise,
# saying why). Ends with "esp: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0

if out=$(make -s --no-print-directory BOARD=esp32-c6 2>&1); then
	echo "PASS  esp build: images built, verified by mkesp, within the flash and SRAM budget"
	echo "$out" | grep -E '^(flash|sram):' | sed 's/^/      /'
	passed=$((passed + 1))
else
	echo "FAIL  esp build:"
	echo "$out" | tail -20 | sed 's/^/    /'
	failed=$((failed + 1))
fi

out=$(test/esp_esptool.sh 2>&1)
rc=$?
echo "$out" | sed 's/^/      /'
if [ $rc -ne 0 ]; then
	failed=$((failed + 1))
elif grep -q '^SKIP' <<<"$out"; then
	skipped=$((skipped + 1))
else
	passed=$((passed + 1))
fi
echo "esp: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
