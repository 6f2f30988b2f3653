#!/usr/bin/env bash
# Independent check of Ferrite's ESP32-C6 images with Espressif's own esptool: it must parse the
# app and bootloader images, find the checksum and the SHA-256 valid, recognise the chip and read
# the app descriptor, and it must call a tampered image invalid. Skips (exit 0, saying why) when
# esptool is not installed; nothing is downloaded.
#   ESPTOOL=/path/to/esptool.py test/esp_esptool.sh   (or esptool.py / esptool on PATH)
set -uo pipefail
cd "$(dirname "$0")/.."

esptool=()
if [ -n "${ESPTOOL:-}" ]; then
	esptool=(python3 "$ESPTOOL")
	[ -x /usr/bin/python3 ] && esptool=(/usr/bin/python3 "$ESPTOOL")
elif command -v esptool.py >/dev/null; then
	esptool=(esptool.py)
elif command -v esptool >/dev/null; then
	esptool=(esptool)
else
	echo "SKIP test_esp_esptool: esptool not found (set ESPTOOL=path/to/esptool.py or install it)"
	exit 0
fi

image_info() {
	# esptool 4.x spells it image_info --version 2; 5.x image-info (version 2 only). The app
	# descriptor's fixed-size strings come out with NUL padding.
	{ "${esptool[@]}" --chip esp32c6 image_info --version 2 "$1" 2>&1 ||
		"${esptool[@]}" --chip esp32c6 image-info "$1" 2>&1; } | tr -d '\000'
}

if ! "${esptool[@]}" version >/dev/null 2>&1; then
	echo "SKIP test_esp_esptool: ${esptool[*]} does not run (missing Python modules?):"
	"${esptool[@]}" version 2>&1 | tail -1
	exit 0
fi

make -s BOARD=esp32-c6 >/dev/null || { echo "FAIL test_esp_esptool: make BOARD=esp32-c6"; exit 1; }
B=build/esp32-c6-esp
fail=0
want() { # want FILE-LABEL OUTPUT PATTERN
	if ! grep -qE "$3" <<<"$2"; then
		echo "FAIL test_esp_esptool: $1: esptool output lacks /$3/"
		fail=1
	fi
}

out=$(image_info $B/app.bin)
want app.bin "$out" 'Chip ID: 13'
want app.bin "$out" 'Checksum: 0x[0-9a-f]+ \(valid\)'
want app.bin "$out" 'Validation hash: [0-9a-f]{64} \(valid\)'
want app.bin "$out" 'Project name: ferrite'
want app.bin "$out" '0x42000020 .*IROM'
want app.bin "$out" '0x42800020 .*DROM'

out=$(image_info $B/bootloader.bin)
want bootloader.bin "$out" 'Checksum: 0x[0-9a-f]+ \(valid\)'
want bootloader.bin "$out" 'Validation hash: [0-9a-f]{64} \(valid\)'

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cp $B/app.bin "$tmp"
printf '\x55' | dd of="$tmp" bs=1 seek=$((0x10020 + 64)) conv=notrunc status=none
out=$(image_info "$tmp")
want tampered "$out" 'invalid'

[ $fail -eq 0 ] && echo "PASS test_esp_esptool: esptool ($("${esptool[@]}" version 2>&1 | tail -1)) accepts app.bin and bootloader.bin, rejects a tampered image"
exit $fail
