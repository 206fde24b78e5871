#!/bin/bash
# fuzz.sh — the fuzz targets' seed corpus (tests/fuzz/corpus/TARGET/: the loaders and the assembler,
# with every crasher and regression found so far) replayed through each target's replay driver,
# built with the same sanitizers as the tenvm under test.  Longer runs: tests/fuzz/run SECONDS.
# Prints "RESULT passed failed" last (one check per input).
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
B=$(dirname "$T")/tests/fuzz
pass=0
fail=0
for t in sav rim sblk asm; do
	d=tests/fuzz/corpus/$t
	n=$(find "$d" -type f | wc -l)
	if [ ! -x "$B/fuzz_$t" ]; then
		echo "FAIL $t: $B/fuzz_$t is not built"
		fail=$((fail + 1))
		continue
	fi
	if out=$("$B/fuzz_$t" "$d" 2>&1) && grep -q "^replayed $n inputs" <<<"$out"; then
		pass=$((pass + n))
		continue
	fi
	# Name the inputs that fail, one at a time.
	for f in "$d"/*; do
		if out=$("$B/fuzz_$t" "$f" 2>&1); then
			pass=$((pass + 1))
		else
			echo "FAIL $t: $f"; printf '%s\n' "$out" | grep -E 'ERROR|runtime error|fuzz:|#[0-3] ' | head -n 8 | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	done
done
echo "RESULT $pass $fail"
