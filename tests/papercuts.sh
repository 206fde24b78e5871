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

. tests/checklib.bash   # check NAME STATUS PATTERN CMD...

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

# ---- numbers: one convention for every JSON file (octal strings for addresses and words) ----
"$T" run --mode bare --stats-json "$tmp/h.json" guests/hello.mac >/dev/null 2>&1
check "--stats-json: pc as an octal string" 0 '"pc": "001007"' cat "$tmp/h.json"
check "--stats-json: flags as an octal string" 0 '"flags": "[0-7]{6}"' cat "$tmp/h.json"

# ---- errors before the guest runs, not after ----
cat >"$tmp/long.mac" <<'MAC'
	LOC 1000
START:	MOVEI 1,0
	AOJA 1,.
	END START
MAC
# The guest loops until its budget: a late error would come only after 10^9 instructions.
check "--examine beyond memory, before the run" 2 "beyond the machine's 1K words" \
	timeout 20 "$T" run --mem 1 --examine 2000 "$tmp/long.mac"
check "--stats-json unwritable, before the run" 1 "cannot write $tmp/no/s.json" \
	timeout 20 "$T" run --stats-json "$tmp/no/s.json" "$tmp/long.mac"
check "--cache-curve unwritable, before the run" 1 "cannot write $tmp/no/c.csv" \
	timeout 20 "$T" run --cache-curve "$tmp/no/c.csv" "$tmp/long.mac"
check "compare --json unwritable, before the runs" 1 "cannot write $tmp/no/c.json" \
	timeout 20 "$T" compare --json "$tmp/no/c.json" "$tmp/long.mac"
for o in --stats-json --cache-curve; do
	refute "$o unwritable: the guest does not run" "Hello" "$T" run $o "$tmp/no/x" guests/hello.mac
done
refute "--examine beyond memory: the guest does not run" "Hello" "$T" run --examine 2000 \
	--mem 1 guests/hello.mac
check "several VMs: --examine beyond a VM's memory" 2 "beyond the machine's 128K words" \
	"$T" run --examine 400000 guests/hello.mac guests/hello.mac

printf '\tLOC 1000\n\tMOVEI 1,5\n\tJRST 4,\n\tEND\n' >"$tmp/nostart.mac"
check "disasm without a start address shows the words" 0 "^001000/ 201040000005  MOVEI 1,5" \
	"$T" disasm "$tmp/nostart.mac"
check "disasm without a start address says so" 0 "has no start address" "$T" disasm "$tmp/nostart.mac"
printf '\tEND\n' >"$tmp/empty.mac"
check "disasm of nothing says why" 2 "loads no words" "$T" disasm "$tmp/empty.mac"

check "help for an unknown command" 2 "unknown command 'foo'" "$T" help foo
check "help for a command" 0 "usage: tenvm compare" "$T" help compare

for m in bare trap hybrid; do
	check "endless MUUO trap loop explained ($m)" 3 \
		"the MUUO at 001002 \(CALLI 12\) traps to exec 041, which holds 000000000000.*endless trap loop" \
		"$T" run --mode $m --max-insns 100000 "$tmp/muuo.mac"
done
check "endless trap loop explained (several VMs)" 3 "the MUUO at 001002 .CALLI 12. traps to exec 041" \
	"$T" run --max-insns 100000 guests/hello.mac "$tmp/muuo.mac"
refute "no 'indirect or XCT chain' for a trap loop" "indirect or XCT" \
	"$T" run --max-insns 100000 "$tmp/muuo.mac"
check "a plain runaway gets no trap-loop hint" 3 "ran out" "$T" run --max-insns 1000 "$tmp/long.mac"
refute "a plain runaway gets no trap-loop hint (text)" "trap loop" "$T" run --max-insns 1000 "$tmp/long.mac"

cat >"$tmp/dev.mac" <<'MAC'
	LOC 1000
START:	CONO 200,1
	DATAO 204,[5]
	CONO 200,3
	JRST 4,
	END START
MAC
for m in bare trap hybrid; do
	check "a missing device is warned of ($m)" 0 "warning: the guest used device 200 at PC 001000" \
		"$T" run --mode $m "$tmp/dev.mac"
	n=$("$T" run --mode $m "$tmp/dev.mac" 2>&1 >/dev/null | grep -c "device 200")
	check "once per device ($m)" 0 "^1$" echo "$n"
done
check "and the other device too" 0 "device 204 at PC 001001" "$T" run --engine interp "$tmp/dev.mac"
refute "--quiet: no warning" "warning" "$T" run --quiet "$tmp/dev.mac"

printf '\tLOC 1000\nS:\tDATAI APR,1\n\tJRST 4,\n\tEND S\n' >"$tmp/sw.mac"
check "--switches LEFT,,RIGHT" 0 "^000001: 000005000001$" "$T" run --switches 5,,1 --examine 1 "$tmp/sw.mac"
check "compare --switches LEFT,,RIGHT" 0 "halt" "$T" compare --switches 5,,1 "$tmp/sw.mac"
check "--switches: a half too wide" 2 "--switches takes" "$T" run --switches 1000000,,1 "$tmp/sw.mac"
check "disasm --word LEFT,,RIGHT" 0 "^HALT 1007 *; privileged$" "$T" disasm --word 254200,,1007

# ---- surprises ----
cp guests/hello.mac "$tmp/lst.mac"
check "asm --listing lists" 0 "Hello" "$T" asm --listing "$tmp/lst.mac"
check "asm --listing writes no SAV file" 1 "" test -e "$tmp/lst.sav"
check "asm --listing -o writes the SAV file" 0 "" "$T" asm --listing "$tmp/lst.mac" -o "$tmp/o.sav"
check "  (it is there)" 0 "" test -s "$tmp/o.sav"
check "asm alone writes FILE.sav" 0 "" "$T" asm "$tmp/lst.mac"
check "  (it is there)" 0 "" test -s "$tmp/lst.sav"

check "--expect-halt met" 0 "Hello" "$T" run --expect-halt 1007 guests/hello.mac
check "--expect-halt missed" 4 "halted at 001007, not at 001234" "$T" run --expect-halt 1234 guests/hello.mac
check "--expect-halt, several VMs" 4 "not at 001234" "$T" run --expect-halt 1234 guests/hello.mac guests/hello.mac
check "--expect-halt: bad address" 2 "--expect-halt takes" "$T" run --expect-halt 9 guests/hello.mac
check "--expect-halt and the budget" 3 "ran out" "$T" run --expect-halt 1002 --max-insns 100 "$tmp/long.mac"

echo "RESULT $pass $fail"
