#!/bin/bash
# guests.sh — every guest program in guests/ runs to its end: exit 0, the text it
# must print (PASS for the self-checking diagnostics), and a stdout identical to
# its golden file tests/guests/NAME.out (the TTY output, then PC, FLAGS and
# INSNS from --state, so instruction counts are pinned too).  Guests read
# stdin from /dev/null, except echo.mac, which gets a fixed text through a pipe.
# Every guest runs under each engine (ENGINES, default "interp bt") and in each
# mode that must equal the bare machine (MODES, default "bare hybrid") against
# the same golden file, so they all agree on output, final state and counts.
# Extra run options can be given in GUEST_ARGS.
# minimon also runs its job mixes 1-3 (MIXES) against tests/guests/minimon-mixN.out,
# by default only under the hybrid monitor (MIX_MODES, default "hybrid").
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
A=${GUEST_ARGS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# The text each guest must print (an extended regular expression).
want() {
	case $1 in
	hello) echo 'Hello from the KA10!' ;;
	userjob) echo 'Hello from a user job, through a UUO\.' ;;
	echo) echo 'HELLO, PDP-10!' ;;
	sieve) echo '^1229 PRIMES BELOW 10000' ;;
	recurse) echo 'FIB\(20\) = 6765' ;;
	modeleak) echo '^MODELEAK PASS'$'\r''?$' ;;
	vmm10) echo '^VMM10: no guest' ;;    # alone; tests/vmm10.sh gives it guests
	minimon) echo '^  job 5 WILD: killed \(memory protection\); ticks [0-9]+, UUOs 1'$'\r''?$' ;;
	*) echo "^$(tr '[:lower:]' '[:upper:]' <<<"$1") PASS"$'\r'"?$" ;;
	esac
}

# The fixed input for echo.mac: mixed case, punctuation, two lines, then ^D
# (and text after it, which must be ignored).
ECHO_IN=$'Hello, PDP-10!\nabc xyz {|} 0123\n\004not read'

# judge NAME RC OUT GOLDEN PAT [BAD]: one run's verdict.  It exited 0, its
# output OUT matches PAT (and not BAD, if given), there is no sanitizer report
# in $tmp/err, and OUT equals the golden file.
judge() {
	local name=$1 rc=$2 out=$3 golden=$4 pat=$5 bad=${6:-}
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name: exit $rc, wanted 0"; head -n 5 "$out" "$tmp/err" | sed 's/^/    /'
	elif ! grep -qE -- "$pat" "$out"; then
		echo "FAIL $name: output lacks /$pat/"; head -n 5 "$out" | sed 's/^/    /'
	elif [ -n "$bad" ] && grep -qE -- "$bad" "$out"; then
		echo "FAIL $name: output has /$bad/"; grep -E -- "$bad" "$out" | head -n 5 | sed 's/^/    /'
	elif grep -qE 'AddressSanitizer|runtime error|Segmentation' "$tmp/err"; then
		echo "FAIL $name: sanitizer report"; head -n 10 "$tmp/err" | sed 's/^/    /'
	elif [ ! -f "$golden" ]; then
		echo "FAIL $name: no golden file $golden"
	elif ! cmp -s "$out" "$golden"; then
		echo "FAIL $name: stdout differs from $golden"
		diff -a "$golden" "$out" | head -n 10 | sed 's/^/    /'
	else
		pass=$((pass + 1))
		return
	fi
	fail=$((fail + 1))
}

for mode in ${MODES:-bare hybrid}; do
for engine in ${ENGINES:-interp bt}; do
for f in guests/*.mac; do
	name=$(basename "$f" .mac)
	out=$tmp/$name.out
	# shellcheck disable=SC2086
	if [ "$name" = echo ]; then
		printf '%s' "$ECHO_IN" | "$T" run --mode "$mode" --engine "$engine" --state $A "$f" >"$out" 2>"$tmp/err"
	else
		"$T" run --mode "$mode" --engine "$engine" --state $A "$f" >"$out" 2>"$tmp/err" </dev/null
	fi
	rc=$?
	base=$(basename "$f" .mac)
	judge "$name ($mode, $engine)" "$rc" "$out" "tests/guests/$base.out" "$(want "$base")"
done
done
done

# minimon's other job mixes, chosen by the console data switches (--switches
# N: mix N at scale 1), each against its golden file
# tests/guests/minimon-mixN.out, made on the bare machine: every job must end
# with EXIT (a job that finds a wrong answer is killed).  A mix runs 6 to 9
# million instructions, a second or two each under the sanitizers, so by
# default they run only under the hybrid monitor (MIX_MODES), which must
# equal the bare machine, on each engine.
for mode in ${MIX_MODES:-hybrid}; do
for engine in ${ENGINES:-interp bt}; do
for mix in ${MIXES:-1 2 3}; do
	name="minimon mix $mix ($mode, $engine)"
	out=$tmp/minimon-mix$mix.out
	golden=tests/guests/minimon-mix$mix.out
	# shellcheck disable=SC2086
	"$T" run --mode "$mode" --engine "$engine" --switches "$mix" --state $A guests/minimon.mac \
		>"$out" 2>"$tmp/err" </dev/null
	rc=$?
	# Every job must end with EXIT: one that finds a wrong answer is killed.
	judge "$name" "$rc" "$out" "$golden" '^MINIMON: all jobs have ended' '^  job .*: killed'
done
done
done

echo "RESULT $pass $fail"
