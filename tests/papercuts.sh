#!/bin/bash
# papercuts.sh — what a new user trips over: numbers that disagree, errors that come late,
# surprises.  Each check runs tenvm and looks at the exit status and its output.
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

# refute NAME PATTERN CMD...: CMD's output (stdout and stderr) does not match PATTERN.
refute() {
	local name=$1 pat=$2
	shift 2
	if "$@" 2>&1 </dev/null | grep -qE -- "$pat"; then
		echo "FAIL $name: output matches /$pat/"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# A guest whose system call (an MUUO) finds nothing at exec 40/41: 41 holds 0, itself an
# MUUO, so the trap never ends.
cat >"$tmp/muuo.mac" <<'MAC'
	LOC 1000
START:	MOVEI 1,5
	MOVEI 2,5
	CALLI 0,12
	JRST 4,
	END START
MAC
cat >"$tmp/muuo0.mac" <<'MAC'
	LOC 1000
START:	CALLI 0,12
	JRST 4,
	END START
MAC

# ---- numbers: the share of instructions run without the monitor ----
for m in trap hybrid; do
	refute "share never negative ($m --stats)" "-[0-9.]+% ran without" \
		"$T" run --mode $m --max-insns 100000 --stats "$tmp/muuo.mac"
	check "share of no instructions is n/a ($m --stats)" 3 "n/a ran without the monitor" \
		"$T" run --mode $m --max-insns 10000 --stats "$tmp/muuo0.mac"
done
refute "compare: share never negative" "run without the VMM.*-[0-9]" \
	"$T" compare --max-insns 100000 "$tmp/muuo.mac"
check "compare: share of no instructions is n/a" 0 "run without the VMM +n/a +n/a +n/a" \
	"$T" compare --max-insns 10000 "$tmp/muuo0.mac"
"$T" run --mode trap --max-insns 10000 --stats-json "$tmp/s0.json" "$tmp/muuo0.mac" >/dev/null 2>&1
check "--stats-json: share of no instructions is null" 0 '"direct_share": null' cat "$tmp/s0.json"

echo "RESULT $pass $fail"
