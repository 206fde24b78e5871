#!/bin/bash
# fallback.sh — native's per-block fallback to threaded for code rewritten often, on the command
# line: --log blocks names each block's backend, --stats and --stats-json count the fallback
# blocks, --profile counts their entries, and the results equal the interpreter's.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
. tests/checklib.bash

if "$T" run --backend native --stats guests/hello.mac 2>&1 | grep -qE "^backend: +native"; then
	# smc.mac with 10 (octal) passes: each rewritten block is translated natively four times, then
	# threaded: the ADDI's 4 times, the loop's 3 (its first pass runs in the block before it).
	check "log names the fallback" 0 "^block 001011 exec .* backend threaded \(rewritten often\): 2 instructions" \
		"$T" run --mode bare --backend native --switches 10 --log blocks bench/nano/smc.mac
	check "log keeps the rest native" 0 "^block 001013 exec .* backend native: 4 instructions" \
		"$T" run --mode bare --backend native --switches 10 --log blocks bench/nano/smc.mac
	check "stats count it" 0 "^fallback: +7 blocks by threaded" \
		"$T" run --mode bare --backend native --switches 10 --stats bench/nano/smc.mac
	check "profile counts threaded entries" 0 "^  001011 exec   2 insns +8 entries" \
		"$T" run --mode bare --backend native --switches 10 --profile 3 bench/nano/smc.mac
	j=$(mktemp)
	check "stats-json" 0 "" "$T" run --mode hybrid --backend native --stats-json "$j" bench/nano/smc.mac
	if grep -qE '"fallback_blocks": [1-9][0-9]{4,}' "$j"; then ok; else bad "stats-json lacks fallback_blocks"; fi
	rm -f "$j"
	check "threaded has none" 0 "" "$T" run --mode bare --backend threaded --switches 10 --stats bench/nano/smc.mac
	if "$T" run --mode bare --backend threaded --stats bench/nano/smc.mac 2>&1 | grep -q "^fallback"; then
		bad "threaded prints a fallback line"; else ok; fi
	for m in bare hybrid; do
		a=$("$T" run --mode $m --engine interp --state --examine 0-17,1000-1040 bench/nano/smc.mac 2>&1)
		b=$("$T" run --mode $m --backend native --state --examine 0-17,1000-1040 bench/nano/smc.mac 2>&1)
		if [ "$a" = "$b" ]; then ok; else bad "smc.mac $m: native with fallback and interp differ"; fi
	done
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
