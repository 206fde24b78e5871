#!/bin/bash
# vms.sh — several guests in one tenvm process, each in its own VM under the
# monitor: every VM's output and final state equal its run alone, in every mode
# and engine, and a hostile neighbour (a runaway loop, a memory sweep) changes
# nothing.  Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/checklib.bash   # ok, bad, check

# A runaway guest and one that stores into every address, beyond its memory.
cat >"$tmp/loop.mac" <<'MAC'
	LOC	1000
START:	AOJA	1,START
	END	START
MAC
cat >"$tmp/sweep.mac" <<'MAC'
	LOC	1000
START:	CONO	0,0		; APR on no PI level: a store beyond memory only sets NXM
	MOVEI	1,2000
SWEEP:	SETOM	(1)		; every word from 2000 up to 777777, past the VM's end
	CAIE	1,777777
	AOJA	1,SWEEP
	JRST	4,.
	END	START
MAC

# The part of a multi-VM run's output that belongs to VM k (its header line
# dropped): its TTY output, --examine and --state.
vm_part() { awk -v k="$1" '/^== VM [0-9]+: /{on = ($3 == k ":"); next} on' "$2"; }

# solo FILE MEM ARGS...: the guest run alone in a VM of MEM K words.
solo() {
	local f=$1 mem=$2
	shift 2
	"$T" run --mem "$mem" --examine 0-17 --state "$@" "$f" </dev/null 2>/dev/null
}

guests=(guests/hello.mac guests/arith.mac guests/userjob.mac guests/logic.mac)
for mode in hybrid trap assist; do
	for engine in bt interp; do
		"$T" run --mode "$mode" --engine "$engine" --examine 0-17 --state "${guests[@]}" \
			>"$tmp/many.out" 2>"$tmp/many.err" </dev/null
		rc=$?
		[ "$rc" -eq 0 ] && ok || bad "$mode/$engine: four guests exit $rc: $(head -n 3 "$tmp/many.err")"
		for i in "${!guests[@]}"; do
			solo "${guests[$i]}" 64 --mode "$mode" --engine "$engine" >"$tmp/solo.out"
			vm_part $((i + 1)) "$tmp/many.out" >"$tmp/part.out"
			if cmp -s "$tmp/solo.out" "$tmp/part.out"; then
				ok
			else
				bad "$mode/$engine: ${guests[$i]} as VM $((i + 1)) differs from its run alone"
				diff "$tmp/solo.out" "$tmp/part.out" | head -n 6 | sed 's/^/    /'
			fi
		done
	done
done

# Hostile neighbours: the good guest's output and state are untouched, the
# runaway one ends on its own budget, and the exit status says so (3).
for mode in hybrid trap assist; do
	"$T" run --mode "$mode" --max-insns 1000000 --examine 0-17 --state \
		"$tmp/loop.mac" guests/logic.mac "$tmp/sweep.mac" >"$tmp/host.out" 2>"$tmp/host.err" </dev/null
	rc=$?
	[ "$rc" -eq 3 ] && ok || bad "$mode: hostile run exit $rc, wanted 3"
	grep -q "^tenvm: VM 1 .*budget of 1000000 ran out" "$tmp/host.err" && ok ||
		bad "$mode: no budget message for the runaway VM"
	grep -q "^== VM 3: .*: halt at PC " "$tmp/host.out" && ok || bad "$mode: the sweeping VM did not halt"
	solo guests/logic.mac 85 --mode "$mode" --max-insns 1000000 >"$tmp/solo.out"
	vm_part 2 "$tmp/host.out" >"$tmp/part.out"
	cmp -s "$tmp/solo.out" "$tmp/part.out" && ok || bad "$mode: logic beside hostile VMs differs from its run alone"
done

# Usage errors.
"$T" run --mode bare guests/hello.mac guests/arith.mac >/dev/null 2>"$tmp/e" </dev/null
[ $? -eq 2 ] && grep -q "use --mode trap, hybrid or assist" "$tmp/e" && ok || bad "bare with two FILEs"
"$T" run --mem 200 guests/hello.mac guests/arith.mac >/dev/null 2>"$tmp/e" </dev/null
[ $? -eq 2 ] && grep -q "do not fit" "$tmp/e" && ok || bad "--mem too big for two VMs"
"$T" run --stats-json "$tmp/s.json" guests/hello.mac guests/arith.mac >/dev/null 2>"$tmp/e" </dev/null
[ $? -eq 2 ] && grep -q "take one FILE" "$tmp/e" && ok || bad "--stats-json with two FILEs"
"$T" run --mem 32 guests/hello.mac guests/minimon.mac >/dev/null 2>"$tmp/e" </dev/null
[ $? -eq 2 ] && grep -q "minimon.mac loads words up to .*beyond the machine's 32K words" "$tmp/e" && ok ||
	bad "a FILE too big for its VM's share"
"$T" run guests/hello.mac "$tmp/missing.mac" >/dev/null 2>"$tmp/e" </dev/null
[ $? -eq 2 ] && grep -q "missing.mac" "$tmp/e" && ok || bad "a missing second FILE"

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
