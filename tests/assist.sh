#!/bin/bash
# assist.sh — Theorem 1 on a machine that satisfies it: under --mode assist (the
# trap-and-emulate monitor on a real machine with the VM assist) every guest
# equals the bare machine, instruction for instruction, on both engines; and
# the monitors virtualize the assist itself: a guest VMM using VMX
# (tests/assist/vmmlet.mac, --cpu ka10-vmx) gets its guest's exits, never tenvm.
#   - every guest in guests/ and minimon's job mixes 1-3 under assist against
#     their golden files (tests/guests.sh with MODES=assist);
#   - every nanobenchmark in bench/nano/: assist's --state and ACs equal bare's;
#   - vmmlet prints VMMLET PASS bare with --cpu ka10-vmx (and FAIL without the
#     assist), equals bare under hybrid and assist on both engines, and diverges
#     under trap (its own JRSTF into guest mode is a critical instruction);
#   - vmtimer (the assist's timer, exact) passes bare and equals bare under hybrid and
#     assist on every engine and backend;
#   - tenvm compare says assist equals bare on every guest and nanobenchmark.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/checklib.bash   # ok, bad, check
sanitizer() { grep -qE 'AddressSanitizer|runtime error|Segmentation' "$@"; }

# the guests and minimon's mixes, against the golden files
MODES=assist MIX_MODES=assist TENVM=$T bash tests/guests.sh >"$tmp/guests" 2>&1
read -r _ p f < <(tail -n 1 "$tmp/guests")
pass=$((pass + ${p:-0}))
fail=$((fail + ${f:-1}))
grep '^FAIL' "$tmp/guests"

# the nanobenchmarks: assist equals bare
for f in bench/nano/*.mac; do
	name=$(basename "$f" .mac)
	opts=$(sed -n 's/^; OPTIONS:[[:space:]]*//p' "$f" | head -n 1)
	for engine in interp bt; do
		for mode in bare assist; do
			# shellcheck disable=SC2086
			"$T" run --mode $mode --engine $engine --switches 50 $opts --state --examine 0-17 "$f" \
				>"$tmp/$mode" 2>"$tmp/err" </dev/null
			echo "exit $?" >>"$tmp/$mode"
			sanitizer "$tmp/err" && bad "$name ($mode, $engine): sanitizer report"
		done
		cmp -s "$tmp/bare" "$tmp/assist" && ok || { bad "$name ($engine): assist differs from bare"; diff "$tmp/bare" "$tmp/assist" | head -n 6; }
	done
done

# a guest VMM on the assist
V=tests/assist/vmmlet.mac
"$T" run --mode bare --cpu ka10-vmx --state --examine 0-17 $V >"$tmp/ref" 2>"$tmp/err" </dev/null
[ $? -eq 0 ] && grep -q '^VMMLET PASS' "$tmp/ref" && ok || bad "vmmlet bare: no VMMLET PASS"
"$T" run --mode bare --cpu ka10 $V 2>/dev/null </dev/null | grep -q '^VMMLET FAIL' && ok ||
	bad "vmmlet on the plain KA10 should fail: its guest's JSP sees USER"
for engine in interp bt; do
	for mode in hybrid assist trap; do
		"$T" run --mode $mode --engine $engine --cpu ka10-vmx --state --examine 0-17 $V \
			>"$tmp/out" 2>"$tmp/err" </dev/null
		sanitizer "$tmp/err" && bad "vmmlet ($mode, $engine): sanitizer report"
		if [ $mode = trap ]; then
			cmp -s "$tmp/ref" "$tmp/out" && bad "vmmlet (trap, $engine): equals bare, but its JRSTF leaks" || ok
		else
			cmp -s "$tmp/ref" "$tmp/out" && ok || { bad "vmmlet ($mode, $engine): differs from bare"; diff "$tmp/ref" "$tmp/out" | head -n 6; }
		fi
	done
done

# the assist's timer (tests/assist/vmtimer.mac): exact bare, and the monitors
# virtualize it word for word on every engine and backend
V2=tests/assist/vmtimer.mac
"$T" run --mode bare --cpu ka10-vmx --state --examine 0-17 $V2 >"$tmp/ref" 2>"$tmp/err" </dev/null
[ $? -eq 0 ] && grep -q '^VMTIMER PASS' "$tmp/ref" && ok || bad "vmtimer bare: no VMTIMER PASS"
engines=("interp")
for be in $(bt_backends); do engines+=("bt --backend $be"); done
for engine in "${engines[@]}"; do
	for mode in bare hybrid assist; do
		# shellcheck disable=SC2086
		"$T" run --mode $mode --engine $engine --cpu ka10-vmx --state --examine 0-17 $V2 \
			>"$tmp/out" 2>"$tmp/err" </dev/null
		sanitizer "$tmp/err" && bad "vmtimer ($mode, $engine): sanitizer report"
		cmp -s "$tmp/ref" "$tmp/out" && ok || { bad "vmtimer ($mode, $engine): differs from bare"; diff "$tmp/ref" "$tmp/out" | head -n 6; }
	done
done

# compare's verdict
for f in guests/*.mac bench/nano/*.mac; do
	case $f in guests/echo.mac) continue ;; esac
	"$T" compare --switches 50 "$f" >"$tmp/cmp" 2>"$tmp/err" </dev/null
	grep -q '^assist equals bare throughout' "$tmp/cmp" && ok || bad "compare $f: assist does not equal bare"
done
"$T" compare --cpu ka10-vmx $V >"$tmp/cmp" 2>"$tmp/err" </dev/null
grep -q '^assist equals bare throughout' "$tmp/cmp" && grep -q '^hybrid equals bare throughout' "$tmp/cmp" &&
	grep -q '^trap leaves bare at instruction' "$tmp/cmp" && ok || bad "compare vmmlet: wanted assist and hybrid equal, trap diverging"

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
