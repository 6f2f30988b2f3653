#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time from the generated seeds plus the corpus it kept
# from earlier runs, one line per target, then "fuzz: N passed, N failed".
# Usage: run.sh BUILD_DIR SECONDS TARGET...
set -uo pipefail

dir=$1 secs=$2
shift 2
passed=0 failed=0

"$dir/seedgen" "$dir/seeds" || { echo "fuzz: seed generation failed"; exit 1; }

for t in "$@"; do
	work=$dir/$t.d
	mkdir -p "$dir/seeds/$t" # targets without generated seeds start from an empty corpus
	mkdir -p "$work/corpus"
	start=$(date +%s)
	# -timeout: an input taking over 10 s is a hang, reported as a failure; crash inputs go to
	# $work/crash-* for replaying with: $dir/$t $work/crash-...
	"$dir/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work/corpus" "$dir/seeds/$t" </dev/null >"$work/log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS  fuzz %-11s %3ss  %s inputs, corpus %s files\n' "$t" "$took" "${runs:-?}" \
			"$(ls "$work/corpus" | wc -l)"
	else
		failed=$((failed + 1))
		printf 'FAIL  fuzz %-11s %3ss  exit status %s; last lines of %s:\n' "$t" "$took" "$rc" "$work/log"
		tail -n 30 "$work/log" | sed 's/^/    /'
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
