#!/bin/bash
# nano.sh — the nanobenchmark guests in bench/nano/ run correctly and keep the
# conventions the benchmark report relies on.  For each bench/nano/NAME.mac, with
# the switches at SWITCHES (octal, default 50) and the run options of its
# "; OPTIONS:" line:
#   - its header has the machine-readable lines "; OP: ...", "; OPTIONS: ..." and
#     "; TRAP: correct" or "; TRAP: diverges (...)";
#   - bare and hybrid, each on the interpreter and on bt, end with exit status 0,
#     halted at the guest's DONE (its address from tenvm asm --listing), and give
#     the same --state (PC, FLAGS, INSNS) and --examine 0-17 (the ACs);
#   - "; TRAP: correct": the trap-only monitor gives that same output too, on both
#     engines, and tenvm compare says trap equals bare;
#     "; TRAP: diverges": tenvm compare reports a divergence for trap;
#     either way, compare says hybrid equals bare.
# Prints "RESULT passed failed" last; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
SW=${SWITCHES:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
# bad MESSAGE [FILE...]: a failure, showing the start of each FILE.
bad() {
	local file
	echo "FAIL $1"
	shift
	for file in "$@"; do head -n 8 "$file" | sed 's/^/    /'; done
	fail=$((fail + 1))
}
sanitizer() { grep -qE 'AddressSanitizer|runtime error|Segmentation' "$@"; }

for f in bench/nano/*.mac; do
	name=$(basename "$f" .mac)

	# the header lines
	op=$(sed -n 's/^; OP:[[:space:]]*//p' "$f")
	if [ -z "$op" ] || ! grep -q '^; OPTIONS:' "$f" ||
		! grep -qE '^; TRAP: (correct$|diverges \(.+\)$)' "$f"; then
		bad "$name: header lacks '; OP:', '; OPTIONS:' or '; TRAP: correct|diverges (...)'"
		continue
	fi
	ok
	opts=$(sed -n 's/^; OPTIONS:[[:space:]]*//p' "$f" | head -n 1)
	trapok=0
	grep -q '^; TRAP: correct$' "$f" && trapok=1

	# DONE's address, from the listing
	done_pc=$("$T" asm --listing -o "$tmp/$name.sav" "$f" 2>"$tmp/err" | awk '$4 ~ /^DONE:/ { print $1; exit }')
	if [ -z "$done_pc" ]; then
		bad "$name: no label DONE in the listing" "$tmp/err"
		continue
	fi
	ok

	# bare interp is the reference; the other runs must match it
	runs="bare/interp bare/bt hybrid/interp hybrid/bt"
	[ "$trapok" = 1 ] && runs="$runs trap/interp trap/bt"
	ref=
	for r in $runs; do
		mode=${r%/*} engine=${r#*/}
		out=$tmp/$name.$mode.$engine
		# shellcheck disable=SC2086
		"$T" run --mode "$mode" --engine "$engine" --switches "$SW" $opts \
			--state --examine 0-17 "$f" >"$out" 2>"$tmp/err" </dev/null
		rc=$?
		pc=$(sed -n 's/^PC: //p' "$out")
		if [ "$rc" -ne 0 ]; then
			bad "$name ($mode, $engine): exit $rc, wanted 0" "$tmp/err"
		elif sanitizer "$tmp/err"; then
			bad "$name ($mode, $engine): sanitizer report" "$tmp/err"
		elif [ "$pc" != "$done_pc" ]; then
			bad "$name ($mode, $engine): halted at ${pc:-?}, not at DONE ($done_pc)"
		elif [ -n "$ref" ] && ! cmp -s "$ref" "$out"; then
			bad "$name ($mode, $engine): state or ACs differ from bare's"
			diff "$ref" "$out" | head -n 8 | sed 's/^/    /'
		else
			ok
		fi
		[ -z "$ref" ] && ref=$out
	done

	# tenvm compare: trap as the header says, hybrid equal
	# shellcheck disable=SC2086
	"$T" compare --switches "$SW" $opts "$f" >"$tmp/cmp" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" -ne 0 ] || sanitizer "$tmp/err"; then
		bad "$name (compare): exit $rc" "$tmp/cmp" "$tmp/err"
	elif ! grep -q '^hybrid equals bare throughout' "$tmp/cmp"; then
		bad "$name (compare): hybrid does not equal bare" "$tmp/cmp"
	elif [ "$trapok" = 1 ] && ! grep -q '^trap equals bare throughout' "$tmp/cmp"; then
		bad "$name (compare): marked 'TRAP: correct', but trap differs from bare" "$tmp/cmp"
	elif [ "$trapok" = 0 ] && ! grep -q '^trap leaves bare at instruction' "$tmp/cmp"; then
		bad "$name (compare): marked 'TRAP: diverges', but compare finds no divergence" "$tmp/cmp"
	else
		ok
	fi
done

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
