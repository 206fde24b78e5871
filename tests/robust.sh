#!/bin/bash
# robust.sh — what a red team found (issue 15), kept found: long chains past events, compare's
# verdict, write errors, out-of-range assembler values, huge code caches, several VMs' output.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME STATUS PATTERN CMD...: CMD exits with STATUS and its output matches PATTERN.
check() {
	local name=$1 want=$2 pat=$3
	shift 3
	local out rc
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, wanted $want"; printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		echo "FAIL $name: output lacks /$pat/"; printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	elif grep -qE 'AddressSanitizer|runtime error|Segmentation' <<<"$out"; then
		echo "FAIL $name: sanitizer report"; printf '%s\n' "$out" | head -n 10 | sed 's/^/    /'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}
# expect NAME CONDITION-STATUS: count a check done inline.
expect() {
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else echo "FAIL $1"; fail=$((fail + 1)); fi
}

# xct N PRE LAST > FILE: PRE at 1000, XCT X0, HALT, then X0 -> ... -> XN = LAST.
xct() {
	local n=$1 i
	printf '\tLOC 1000\nGO:\t%s\n\tXCT X0\n\tHALT .\n' "$2"
	for ((i = 0; i < n; i++)); do printf 'X%d:\tXCT X%d\n' "$i" $((i + 1)); done
	printf 'X%d:\t%s\n\tHALT .\n\tEND GO\n' "$n" "$3"
}

# 1. A chain longer than a clock period, PI off: ticks request nothing, the chain completes.
xct 6144 JFCL 'MOVEI 1,42' >"$tmp/long.mac"
for mode in bare trap hybrid; do
	for engine in interp bt; do
		check "6144-level chain, $mode $engine" 0 "^INSNS: 3$" \
			"$T" run --mode "$mode" --engine "$engine" --state --max-insns 100000 "$tmp/long.mac"
	done
done
# An endless chain still ends at the budget, and says so.
printf '\tLOC 1000\nGO:\tXCT X\n\tHALT .\nX:\tXCT X\n\tEND GO\n' >"$tmp/endless.mac"
for mode in bare trap hybrid; do
	check "endless chain, $mode" 3 "budget of 20000 ran out at PC 001000, inside its indirect or XCT chain" \
		"$T" run --mode "$mode" --max-insns 20000 "$tmp/endless.mac"
done

# 2. compare after a 128-level chain: trap's JSP leaks USER into AC 1; compare must say so.
xct 128 JFCL 'JSP 1,.+1' >"$tmp/xjsp.mac"
check "compare finds the leak after a chain" 0 "trap leaves bare at instruction 2" \
	"$T" compare --max-insns 100000 "$tmp/xjsp.mac"
check "compare: hybrid still equal" 0 "hybrid equals bare throughout" \
	"$T" compare --max-insns 100000 "$tmp/xjsp.mac"
"$T" compare --max-insns 100000 --json "$tmp/x.json" "$tmp/xjsp.mac" >/dev/null 2>&1 </dev/null
expect "compare --json: trap not equal" "$(grep -c '"equal": false' "$tmp/x.json" | grep -qx 1; echo $?)"

echo "RESULT $pass $fail"
