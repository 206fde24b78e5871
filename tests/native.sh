#!/bin/bash
# native.sh — bt's backends on the command line: --backend, $TENVM_BACKEND, --log blocks[,host],
# --profile and --stats, and the same results from both backends on the benchmarks.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
. tests/checklib.bash

native=0
"$T" run --backend native --stats guests/hello.mac 2>&1 | grep -qE "^backend: +native" && native=1

check "bad backend" 2 "unknown --backend 'jit'" "$T" run --backend jit guests/hello.mac
check "compare bad backend" 2 "unknown --backend" "$T" compare --backend jit guests/hello.mac
check "threaded stats" 0 "^backend: +threaded" "$T" run --backend threaded --stats guests/hello.mac
check "env backend" 0 "^backend: +threaded" env TENVM_BACKEND=threaded "$T" run --stats guests/hello.mac
check "bad log" 2 "--log takes blocks" "$T" run --log jit guests/hello.mac
check "bad profile" 2 "--profile takes" "$T" run --profile x guests/hello.mac
check "log blocks" 3 "^  001003  270100000003  ADD 2,3 +direct" \
	"$T" run --mode bare --backend threaded --log blocks --max-insns 100 bench/loop.mac
if [ "$native" = 1 ]; then
	check "native stats" 0 "host code: +[0-9.]+ bytes per guest instruction" \
		"$T" run --backend native --stats guests/hello.mac
	check "log host" 3 "shl rax, 0x1C" "$T" run --mode bare --backend native --log blocks,host \
		--max-insns 100 bench/loop.mac
	check "profile" 3 "^  001003 exec   4 insns" "$T" run --mode bare --backend native --profile 2 \
		--max-insns 100000 bench/loop.mac
	check "compare native" 0 "hybrid equals bare throughout" "$T" compare --backend native guests/minimon.mac
	for p in loop sieve fib; do
		a=$("$T" run --mode bare --backend native --state --examine 0-17 --max-insns 3000000 bench/$p.mac 2>&1)
		b=$("$T" run --mode bare --backend threaded --state --examine 0-17 --max-insns 3000000 bench/$p.mac 2>&1)
		if [ "$a" = "$b" ]; then pass=$((pass + 1)); else echo "FAIL $p: native and threaded differ"; fail=$((fail + 1)); fi
	done
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
