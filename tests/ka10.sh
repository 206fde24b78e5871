#!/bin/bash
# ka10.sh — the KA10 corpus (tests/ka10): every case on every engine must end in the
# oracle's final state (ka10_check); known KA10 differences are reported, not passed.
# Last line: RESULT passed failed.
cd "$(dirname "$0")/.."
bin=$(dirname "${TENVM:-build/tenvm}")/tests/ka10_check
if [ ! -x "$bin" ]; then
	echo "FAIL: $bin not built"
	echo "RESULT 0 1"
	exit 1
fi
out=$("$bin" --dir tests/ka10 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(FAIL|now passes)' | head -n 40 | sed 's/^now passes/note: now passes/'
last=$(printf '%s\n' "$out" | tail -n 1)
echo "$last"
p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$last")
f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$last")
if [ -z "$p" ] || [ -z "$f" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
	printf '%s\n' "$out" | tail -n 20
	echo "FAIL: ka10_check exit $rc"
	echo "RESULT ${p:-0} $(( ${f:-0} + 1 ))"
	exit 1
fi
echo "RESULT $p $f"
