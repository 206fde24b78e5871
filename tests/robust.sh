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

. tests/checklib.bash   # check NAME STATUS PATTERN CMD...
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
for mode in bare trap assist hybrid; do
	for engine in interp bt; do
		check "6144-level chain, $mode $engine" 0 "^INSNS: 3$" \
			"$T" run --mode "$mode" --engine "$engine" --state --max-insns 100000 "$tmp/long.mac"
	done
done
# An endless chain still ends at the budget, and says so.
printf '\tLOC 1000\nGO:\tXCT X\n\tHALT .\nX:\tXCT X\n\tEND GO\n' >"$tmp/endless.mac"
for mode in bare trap assist hybrid; do
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

# 3. Write errors: every output is checked when flushed and closed (message, exit 1).
# full NAME CMD...: CMD with stdout on /dev/full.
full() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1 >/dev/full </dev/null)
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "cannot write" <<<"$out"; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: exit $rc, wanted 1 and a message"; printf '%s\n' "$out" | head -n 3 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}
if [ -w /dev/full ]; then
	full "run > /dev/full" "$T" run guests/hello.mac
	full "run --state > /dev/full" "$T" run --state --max-insns 1000 "$tmp/long.mac"
	full "run, several VMs > /dev/full" "$T" run --mode hybrid guests/hello.mac guests/hello.mac
	full "disasm > /dev/full" "$T" disasm guests/hello.mac
	full "disasm --word > /dev/full" "$T" disasm --word 254200001007
	full "asm --listing > /dev/full" "$T" asm --listing -o "$tmp/h.sav" guests/hello.mac
	full "compare > /dev/full" "$T" compare --max-insns 100000 guests/hello.mac
	full "help > /dev/full" "$T" help
	check "run --stats-json /dev/full" 1 "cannot write /dev/full" "$T" run --stats-json /dev/full guests/hello.mac
	check "compare --json /dev/full" 1 "cannot write /dev/full" "$T" compare --json /dev/full guests/hello.mac
	check "run --cache-curve /dev/full" 1 "cannot write /dev/full" "$T" run --cache-curve /dev/full guests/hello.mac
	check "asm -o /dev/full" 1 "/dev/full" "$T" asm -o /dev/full guests/hello.mac
fi

# 4. The assembler: half-word values out of range are refused with file:line:col.
printf '\tLOC 1000\nGO:\tJFCL\n\tEND 1000000\n' >"$tmp/end.mac"
check "END 1000000" 2 "end.mac:3:6: error: start address 1000000 out of range" "$T" asm -o "$tmp/e.sav" "$tmp/end.mac"
printf '\tLOC 1000\nGO:\tIOWD 1000000,5\n\tEND GO\n' >"$tmp/iowd.mac"
check "IOWD 1000000,5" 2 "iowd.mac:2:10: error: IOWD count 1000000 out of range" "$T" asm -o "$tmp/i.sav" "$tmp/iowd.mac"
# Literal sharing is linear: 160,000 literals (80,000 values, each twice) in a few seconds of CPU
# at most (quadratic, it took minutes).
awk 'BEGIN { print "\tLOC 1000\nGO:\tJFCL"; for (i = 1; i <= 80000; i++) printf "\tMOVE 1,[%o]\n\tMOVE 2,[%o]\n", i, i;
	print "\tHALT .\n\tEND GO" }' >"$tmp/lits.mac"
check "160,000 literals" 0 "" bash -c "ulimit -t 20; exec \"\$0\" asm -o \"\$1\" \"\$2\"" "$T" "$tmp/lits.sav" "$tmp/lits.mac"
check "160,000 literals, shared" 0 "^001002/ 200100471402  MOVE 2,471402" "$T" disasm "$tmp/lits.sav"

# 5. A code cache at --cache-size's largest either works (address space, committed as used) or
#    is refused with a message: never a sanitizer's abort.
for mode in bare hybrid; do
	out=$("$T" run --mode "$mode" --cache-size 1048576M guests/hello.mac 2>&1 </dev/null)
	rc=$?
	if { [ "$rc" -eq 0 ] && grep -q "Hello" <<<"$out"; } ||
		{ [ "$rc" -eq 1 ] && grep -q "out of memory" <<<"$out" && ! grep -q Sanitizer <<<"$out"; }; then
		pass=$((pass + 1))
	else
		echo "FAIL --cache-size 1048576M, $mode: exit $rc"; printf '%s\n' "$out" | head -n 3 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done

# Several VMs: a section is exactly the guest's run alone, even when its output ends inside a line.
printf '\tLOC 1000\nGO:\tMOVEI 1,"a"\n\tDATAO TTY,1\n\tCONSZ TTY,20\n\tJRST .-1\n\tHALT .\n\tEND GO\n' >"$tmp/noeol.mac"
vm_part() { awk -v k="$1" '/^== VM [0-9]+: /{on = ($3 == k ":"); next} on' "$2"; }
"$T" run --mode hybrid --state "$tmp/noeol.mac" guests/hello.mac "$tmp/noeol.mac" >"$tmp/many.out" 2>/dev/null </dev/null
for k in 1 3; do
	"$T" run --mode hybrid --mem 85 --state "$tmp/noeol.mac" >"$tmp/solo.out" 2>/dev/null </dev/null
	vm_part "$k" "$tmp/many.out" >"$tmp/part.out"
	cmp -s "$tmp/solo.out" "$tmp/part.out"
	expect "VM $k without a final newline, --state: as alone" $?
done
"$T" run --mode hybrid "$tmp/noeol.mac" "$tmp/noeol.mac" >"$tmp/many.out" 2>/dev/null </dev/null
grep -q '^== VM 2: ' "$tmp/many.out"
expect "the next VM's header starts a line" $?
[ "$(tail -c 1 "$tmp/many.out")" = a ]
expect "the last VM's output ends as alone, without a newline" $?

echo "RESULT $pass $fail"
