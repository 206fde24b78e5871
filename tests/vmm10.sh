#!/bin/bash
# vmm10.sh — guests/vmm10.mac, the trap-and-emulate monitor written in PDP-10 code,
# judged against the bare machine word for word, and `--load FILE@ADDRESS`.
#   (a) on the plain KA10 vmm10 runs hello right and modeleak wrong, leaving the bare
#       machine at the same critical instruction (JSP 1,1006) and with the same value
#       as tenvm's trap-only monitor; on every guest it ends exactly as --mode trap.
#   (b) with the VM assist (--cpu ka10-vmx) it runs every guest right, clock.mac
#       (exact tick spacing) and minimon (and its job mix 2) included: its virtual
#       clock counts the guest's cycles alone, with the assist's timer; and
#   (c) so does vmm10 under vmm10 (depth 2, every guest) and under vmm10 under vmm10
#       (depth 3, the short guests, clock and minimon), each virtualizing the timer
#       (tests/assist/vmtimer.mac, which uses the timer itself, at depths 1-3;
#       tests/assist/chainclk.mac, clock ticks inside long chains, at depths 1-2);
#   (d) every run gives under --mode hybrid (and assist, when the machine has it)
#       exactly what it gives bare, instruction counts included.
# "Right" is: the same TTY output, final PC, flags and accumulators as the guest bare
# (vmm10 halts with the guest's state), and the guest's memory (its words 20-77777,
# relocated by 20000 per level) the same.  (On the plain KA10, without the timer,
# vmm10's clock is the real one: clock.mac is left out of (a).)
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
V=guests/vmm10.mac
B=20000                      # vmm10's guest base (GBASE)

# state NAME ARGS...: run tenvm with ARGS, stdout (TTY, ACs, PC, FLAGS) to
# $tmp/NAME.out without the INSNS line, the full output to $tmp/NAME.full.
state() {
	local name=$1
	shift
	"$T" run --state --examine 0-17 "$@" <"${INPUT:-/dev/null}" >"$tmp/$name.full" 2>"$tmp/$name.err"
	echo "rc $?" >>"$tmp/$name.full"
	grep -v '^INSNS' "$tmp/$name.full" >"$tmp/$name.out"
	if grep -qE 'AddressSanitizer|runtime error' "$tmp/$name.err"; then
		bad "$name: sanitizer report"; head -n 5 "$tmp/$name.err" | sed 's/^/    /'
	fi
}
# mem NAME BASE ARGS...: the guest's words 20-77777 (relocated by BASE), values only.
mem() {
	local name=$1 base=$2 lo hi
	shift 2
	lo=$(printf '%o' $((8#20 + 8#$base)))
	j0=$(printf '%o' $((8#117 + 8#$base)))     # not 120: --load's .JBSA
	j1=$(printf '%o' $((8#121 + 8#$base)))
	hi=$(printf '%o' $((8#77777 + 8#$base)))
	"$T" run --examine "$lo-$j0,$j1-$hi" "$@" </dev/null 2>/dev/null | grep '^[0-7]*: ' | sed 's/^[0-7]*: //' >"$tmp/$name.mem"
}
same() {   # same WHAT FILE1 FILE2
	if cmp -s "$2" "$3"; then ok; else bad "$1"; diff -a "$2" "$3" | head -n 8 | sed 's/^/    /'; fi
}

# ---- --load ----
printf '\tLOC 1000\nS:\tMOVEI 1,5\n\tHALT .\n\tEND S\n' >"$tmp/tiny.mac"
out=$("$T" run --mode bare --load "$tmp/tiny.mac@20000" --examine 21000-21001,20120 guests/hello.mac 2>&1)
if grep -q '^021000: 201040000005' <<<"$out" && grep -q '^021001: 254200001001' <<<"$out" &&
   grep -q '^020120: 000000001000' <<<"$out"; then ok; else bad "--load: words at ADDRESS+a, start in ADDRESS+120"; echo "$out" | head -5; fi
printf '\tLOC 120\n\tEXP 777\n\tLOC 1000\nS:\tHALT .\n\tEND S\n' >"$tmp/jobsa.mac"
out=$("$T" run --mode bare --load "$tmp/jobsa.mac@40000" --examine 40120 guests/hello.mac 2>&1)
grep -q '^040120: 000000000777' <<<"$out" && ok || bad "--load: an image's own word 120 stays"
for spec in "$tmp/tiny.mac" "$tmp/tiny.mac@" "$tmp/tiny.mac@8" "@100" "$tmp/tiny.mac@1000000"; do
	"$T" run --load "$spec" guests/hello.mac >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q 'FILE@ADDRESS' "$tmp/err" && ok || bad "--load '$spec': exit $rc, wanted 2 with a usage message"
done
"$T" run --load "$tmp/none.mac@100" guests/hello.mac >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'none.mac' "$tmp/err" && ok || bad "--load of a missing file: exit $rc, wanted 2 naming it"
"$T" run --load "$tmp/tiny.mac@777000" guests/hello.mac >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'past address 777777' "$tmp/err" && ok || bad "--load past 777777: exit $rc"
args=()
for _ in 1 2 3 4 5 6 7 8 9; do args+=(--load "$tmp/tiny.mac@20000"); done
"$T" run "${args[@]}" guests/hello.mac >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'at most 8' "$tmp/err" && ok || bad "nine --load options accepted"
"$T" compare --load "$tmp/tiny.mac@20000" guests/hello.mac >/dev/null 2>&1 && ok || bad "compare --load"

printf 'Hello, PDP-10!\n\004' >"$tmp/in"

# ---- (a) the plain KA10: Theorem 1 in PDP-10 code ----
state hello-bare --mode bare guests/hello.mac
state hello-v1 --mode bare $V --load guests/hello.mac@$B
same "(a) hello under vmm10 equals hello bare" "$tmp/hello-bare.out" "$tmp/hello-v1.out"
state ml-bare --mode bare guests/modeleak.mac
state ml-trap --mode trap guests/modeleak.mac
state ml-v1 --mode bare $V --load guests/modeleak.mac@$B
grep -q '^MODELEAK FAIL' "$tmp/ml-v1.out" && ok || bad "(a) modeleak under vmm10 on the plain KA10 does not fail"
same "(a) modeleak under vmm10 ends as under tenvm's trap monitor" "$tmp/ml-trap.out" "$tmp/ml-v1.out"
# the same critical instruction: compare's trap divergence is modeleak's first JSP,
# and vmm10 running that JSP stores the same wrong flags in AC 1 (the trace's first
# JSP 1,1006 in user mode after vmm10's start, whose own probe is a JSP too).
div=$("$T" compare guests/modeleak.mac | grep '^trap leaves bare')
grep -q 'instruction 6, in exec mode: 001005  JSP 1,1006' <<<"$div" && ok || bad "(a) compare: trap diverges elsewhere: $div"
n=$("$T" run --trace --mode bare $V --load guests/modeleak.mac@$B 2>&1 >/dev/null |
	grep -n '^001005: 265040001006 .*user' | awk -F: '$1 > 10 { print $1; exit }')
w=$("$T" run --mode bare --max-insns "${n:-1}" --examine 1 $V --load guests/modeleak.mac@$B 2>/dev/null)
wt=$("$T" run --mode trap --max-insns 6 --examine 1 guests/modeleak.mac 2>/dev/null)
wb=$("$T" run --mode bare --max-insns 6 --examine 1 guests/modeleak.mac 2>/dev/null)
if [ "$w" = "$wt" ] && [ "$w" != "$wb" ]; then ok; else bad "(a) vmm10's JSP 1,1006 stores '$w', trap '$wt', bare '$wb'"; fi
# every guest (but clock, whose tick counts include vmm10's work) ends under vmm10
# on the plain KA10 exactly as under tenvm's trap-only monitor.
for f in guests/*.mac; do
	g=$(basename "$f" .mac)
	case $g in vmm10|clock) continue ;; esac
	INPUT=/dev/null
	[ "$g" = echo ] && INPUT=$tmp/in
	INPUT=$INPUT state "$g-trap" --mode trap "$f"
	INPUT=$INPUT state "$g-v1" --mode bare --max-insns 100000000 $V --load "$f@$B"
	same "(a) $g under vmm10 on the plain KA10 equals --mode trap" "$tmp/$g-trap.out" "$tmp/$g-v1.out"
done

# ---- (d) under tenvm's monitors, vmm10's runs are the bare machine's ----
# the monitors that must equal bare: hybrid, and assist when tenvm has it
dmodes=${DMODES-hybrid}
if [ -z "${DMODES+set}" ]; then
	"$T" run --mode assist --max-insns 1 guests/hello.mac >/dev/null 2>&1
	[ $? -ne 2 ] && dmodes="hybrid assist"      # 2: no such mode
fi
for g in hello modeleak protect; do
	for m in $dmodes; do
		state "$g-v1-$m" --mode $m $V --load guests/$g.mac@$B
		same "(d) vmm10 running $g on the plain KA10: --mode $m equals bare" "$tmp/$g-v1.full" "$tmp/$g-v1-$m.full"
	done
done

# ---- (b), (c) the repaired machine: Theorem 2 ----
# VMX_ARGS: the options that give the machine the assist (default --cpu ka10-vmx,
# when this tenvm has it).  Without the assist these checks are skipped, saying so.
if [ -z "${VMX_ARGS+set}" ]; then
	"$T" run --help 2>&1 | grep -q 'ka10-vmx' && VMX_ARGS="--cpu ka10-vmx" || VMX_ARGS=
fi
if [ -z "$VMX_ARGS" ]; then
	echo "SKIP (b)-(d) on the repaired machine: this tenvm has no --cpu ka10-vmx"
else
	# vmm10 N GUEST: the command line for GUEST under N levels of vmm10
	nest() {
		local n=$1 g=$2 k=1 args=()
		while [ $k -lt "$n" ]; do
			args+=(--load "$V@$(printf '%o' $((8#$B * k)))")
			k=$((k + 1))
		done
		echo "$V ${args[*]} --load $g@$(printf '%o' $((8#$B * n)))"
	}
	for depth in 1 2 3; do
		base=$(printf '%o' $((8#$B * depth)))
		for f in guests/*.mac; do
			g=$(basename "$f" .mac)
			case $g in vmm10) continue ;; esac
			# depth 3 only on the short guests, clock and minimon, to keep the
			# test quick under ASan
			[ $depth = 3 ] && case $g in hello|modeleak|protect|arith|userjob|clock|minimon) ;; *) continue ;; esac
			INPUT=/dev/null
			[ "$g" = echo ] && INPUT=$tmp/in
			INPUT=$INPUT state "$g-bare" --mode bare "$f"
			# shellcheck disable=SC2046
			INPUT=$INPUT state "$g-d$depth" --mode bare $VMX_ARGS $(nest $depth "$f")
			what="vmm10 at depth $depth running $g on the repaired machine"
			same "$what: equals it bare" "$tmp/$g-bare.out" "$tmp/$g-d$depth.out"
			mem "$g-m0" 0 --mode bare "$f"
			# shellcheck disable=SC2046
			mem "$g-m$depth" "$base" --mode bare $VMX_ARGS $(nest $depth "$f")
			same "$what: its memory equals it bare" "$tmp/$g-m0.mem" "$tmp/$g-m$depth.mem"
			case $g in hello|modeleak|protect|clock|minimon) ;; *) continue ;; esac
			for m in $dmodes; do
				# shellcheck disable=SC2046
				state "$g-d$depth-$m" --mode $m $VMX_ARGS $(nest $depth "$f")
				same "(d) $what: --mode $m equals bare" "$tmp/$g-d$depth.full" "$tmp/$g-d$depth-$m.full"
			done
		done
	done
	# nested TAG FILE WHAT DEPTHS...: FILE under vmm10 at each depth ends as it
	# does bare, its state and its memory
	nested() {
		local tag=$1 f=$2 name=$3 depth what
		shift 3
		# shellcheck disable=SC2086
		state "$tag-bare" --mode bare $VMX_ARGS "$f"
		# shellcheck disable=SC2086
		mem "$tag-m0" 0 --mode bare $VMX_ARGS "$f"
		for depth in "$@"; do
			what="vmm10 at depth $depth running $name"
			# shellcheck disable=SC2046,SC2086
			state "$tag-d$depth" --mode bare $VMX_ARGS $(nest "$depth" "$f")
			same "$what: equals it bare" "$tmp/$tag-bare.out" "$tmp/$tag-d$depth.out"
			# shellcheck disable=SC2046,SC2086
			mem "$tag-m$depth" "$(printf '%o' $((8#$B * depth)))" --mode bare $VMX_ARGS $(nest "$depth" "$f")
			same "$what: its memory equals it bare" "$tmp/$tag-m0.mem" "$tmp/$tag-m$depth.mem"
		done
	}
	# a guest that uses the assist's timer itself (tests/assist/vmtimer.mac, a
	# user-mode guest of its own in timer slices): each vmm10 virtualizes the timer
	VT=tests/assist/vmtimer.mac
	nested vt $VT "vmtimer (the guest's own timer)" 1 2 3
	for m in $dmodes; do
		# shellcheck disable=SC2046
		state "vt-d2-$m" --mode $m $VMX_ARGS $(nest 2 $VT)
		same "(d) vmm10 at depth 2 running vmtimer: --mode $m equals bare" "$tmp/vt-d2.full" "$tmp/vt-d2-$m.full"
	done
	# minimon's job mix 2 (its switches), at depth 2
	state mix2-bare --mode bare --switches 2 guests/minimon.mac
	# shellcheck disable=SC2046
	state mix2-d2 --mode bare --switches 2 $VMX_ARGS $(nest 2 guests/minimon.mac)
	same "vmm10 at depth 2 running minimon's job mix 2: equals it bare" "$tmp/mix2-bare.out" "$tmp/mix2-d2.out"
	# clock ticks inside long indirect chains (tests/assist/chainclk.mac): the
	# timer cuts a chain as the clock does, so the ticks land alike
	nested cc tests/assist/chainclk.mac "chainclk (ticks inside chains)" 1 2
fi

echo "RESULT $pass $fail"
