#!/usr/bin/env bash
# `make test`: every suite in turn (unit, fuzz, system), each run even when an earlier one failed,
# then one line summing their "<suite>: N passed, N failed" lines. Exits non-zero if any suite
# failed or ended without its summary line (a build error, say: counted as one failure).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/test
mkdir -p "$out"
make=(make --no-print-directory -C "$top")

total_pass=0 total_fail=0 total_skip=0 status=0
for suite in unit fuzz esptest systest; do
	name=${suite/systest/system}
	name=${name/esptest/esp}
	echo "== $name"
	"${make[@]}" "$suite" 2>&1 | tee "$out/$name.out"
	rc=${PIPESTATUS[0]}
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$" "$out/$name.out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line (exit status $rc); counted as 1 failed"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	read -r p f k < <(sed -E 's/^[a-z]+: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\1 \2 \4/' <<<"$line")
	total_skip=$((total_skip + ${k:-0}))
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	# A suite that printed "0 failed" but still exited non-zero failed somewhere else.
	if [ "$rc" -ne 0 ]; then
		status=1
		[ "$f" -eq 0 ] && total_fail=$((total_fail + 1))
	fi
done
[ $total_fail -ne 0 ] && status=1
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
