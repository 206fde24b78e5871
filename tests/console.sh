#!/bin/bash
# console.sh — the console in a real terminal (tmux gives it a pty): examine,
# deposit, a breakpoint, step, continue, Ctrl-E into a running guest, the raw
# TTY; Ctrl-C without a terminal (exit 130 with --state); --trace's window and
# events.  With TENVM_ITS_DDT naming ITS's exec DDT (@.ddt, kept outside the
# repository), a session with it.  Skips cleanly without tmux.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
sock="tenvm-console-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. tests/checklib.bash   # ok, bad, bt_backends

# ---- without a terminal: Ctrl-C, --trace ----
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo"                 # input that never ends, and no terminal
"$T" run --mode hybrid --state guests/echo.mac <"$tmp/fifo" >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
exec 3>&-
[ "$rc" = 130 ] && grep -q '^PC: 0010' "$tmp/int.out" && grep -q 'interrupted at PC' "$tmp/int.err" &&
	ok || bad "SIGINT without a terminal: status $rc, $(cat "$tmp/int.out" "$tmp/int.err")"

"$T" run --mode trap --trace guests/modeleak.mac >/dev/null 2>"$tmp/trap.trace"
grep -q '>> trap uuo at 001004: DATAO 000,1142' "$tmp/trap.trace" &&
	grep -q '>> crit LEAK at 001005: JSP 1,1006' "$tmp/trap.trace" &&
	grep -q '= emulated by the monitor' "$tmp/trap.trace" && ok || bad "trace under trap"
# The bare machine reports its own traps: MUUOs through exec 40, assist exits.
for be in $(bt_backends); do
	"$T" run --mode bare --backend $be --trace-events trap --trace guests/minimon.mac >/dev/null 2>"$tmp/bare.trace"
	[ "$(grep -c '>> trap uuo at ' "$tmp/bare.trace")" = 94 ] &&
		grep -q '>> trap uuo at 000155: OUTSTR 303' "$tmp/bare.trace" && ok || bad "bare MUUOs traced ($be)"
done
"$T" run --mode bare --cpu ka10-vmx --trace-events trap --trace tests/assist/vmmlet.mac >/dev/null 2>"$tmp/vmx.trace"
grep -q '>> trap vmx at 002002: JSP 6,2003' "$tmp/vmx.trace" && ok || bad "bare assist exits traced"
"$T" run --mode hybrid --engine bt --trace guests/modeleak.mac >/dev/null 2>"$tmp/hyb.trace"
grep -q '>> inline rewrite at 001005: JSP 1,1006' "$tmp/hyb.trace" &&
	grep -q '>> callout at 001004: DATAO 000,1142' "$tmp/hyb.trace" &&
	grep -q '>> vmode: the virtual machine is now in user mode' "$tmp/hyb.trace" &&
	! grep -q 'crit LEAK' "$tmp/hyb.trace" && ok || bad "trace under hybrid"
for mode in bare trap hybrid; do
	for eng in bt interp; do
		"$T" run --mode $mode --engine $eng --trace-events insn --trace-from 5 --trace-count 3 \
			guests/hello.mac >/dev/null 2>"$tmp/win"
		grep -v emulated "$tmp/win" | grep '^00' >"$tmp/win.insns"
		[ "$(wc -l <"$tmp/win.insns")" = 3 ] && head -1 "$tmp/win.insns" | grep -q '^001005: ' &&
			ok || bad "trace window $mode $eng: $(head -5 "$tmp/win")"
	done
done
# Both engines (bt with either backend) report the same stream, event for event, in every mode.
for mode in bare trap hybrid; do
	"$T" run --mode $mode --engine interp --trace guests/modeleak.mac >/dev/null 2>"$tmp/in.trace"
	for be in $(bt_backends); do
		"$T" run --mode $mode --engine bt --backend $be --trace guests/modeleak.mac >/dev/null 2>"$tmp/bt.trace"
		cmp -s "$tmp/bt.trace" "$tmp/in.trace" && [ -s "$tmp/bt.trace" ] && ok ||
			bad "bt ($be) and interp traces differ under $mode"
	done
done
"$T" run --trace-events nonsense guests/hello.mac >/dev/null 2>&1
[ $? = 2 ] && ok || bad "a bad --trace-events is a usage error"

# The theory, visible: instruction classes, and every leak by PC.
"$T" disasm guests/modeleak.mac >"$tmp/dis"
grep -q '^001004/ 700140001142  DATAO 000,1142 *; privileged$' "$tmp/dis" &&
	grep -q '^001005/ 265040001006  JSP 1,1006 *; critical$' "$tmp/dis" &&
	grep -q '^001006/ .*; innocuous$' "$tmp/dis" && ok || bad "disasm classes"
"$T" compare --all guests/modeleak.mac >"$tmp/all"
grep -q '^  001016  JRST 1,3000  *1$' "$tmp/all" && grep -q '^  003000  JSP 1,3001  *1$' "$tmp/all" &&
	grep -q '^  001034  PUSHJ 17,1041  *[0-9]' "$tmp/all" && ok || bad "compare --all: $(tail -5 "$tmp/all")"

# ---- in a terminal ----
if ! command -v tmux >/dev/null; then
	echo "console.sh: tmux is missing: the terminal tests are skipped"
	echo "RESULT $pass $fail"
	exit 0
fi

# wait_for PATTERN: until the pane shows it (20 s at most).
wait_for() {
	for _ in $(seq 200); do
		tmux -L "$sock" capture-pane -p -S -200 >"$tmp/pane" 2>/dev/null
		grep -q -- "$1" "$tmp/pane" && return 0
		sleep 0.1
	done
	return 1
}
sockn=0
start() {     # a fresh server each time: a killed one may linger a moment
	sockn=$((sockn + 1))
	sock="tenvm-console-$$-$sockn"
	tmux -L "$sock" new-session -d -x 120 -y 50 "$* ; echo EXIT=\$?; sleep 60"
}
keys() { tmux -L "$sock" send-keys "$@"; }
step() {      # step NAME KEYS PATTERN
	keys "$2" Enter
	wait_for "$3" && ok || { bad "$1: no '$3' in:"; tail -15 "$tmp/pane"; }
}

start "$T" run --mode bare --console --state guests/hello.mac
wait_for 'tenvm>' && ok || bad "console prompt"
step examine "e 1000-1001" '^001001/ 134100000001  ILDB 2,1'
step deposit "d 1002 JUMPE 2,1007" '^001002/ 322100001007  JUMPE 2,1007'
step "deposit octal" "d 20 123" '^000020/ 000000000123'
step break "b 1004" '^breakpoint 1'
step continue "c" '^breakpoint at 001004'
step "step" "s 2" 'PC 001004 .*6 instructions'
step registers "r" '^PC     001004'
step history "history" '^breaks\|001004\|tenvm> '
step "help" "help" 'break store ADDR'
step "delete" "delete all" 'tenvm> delete all'
step "run to the halt" "c" 'the guest halted'
step quit "q" '^EXIT=0'
grep -q 'ello from the KA10' "$tmp/pane" && ok || bad "the guest's output"
tmux -L "$sock" kill-server 2>/dev/null

# Several VMs: switch between them, stop at a turn.
start "$T" run --mode hybrid --console guests/hello.mac guests/arith.mac
wait_for 'tenvm>' && ok || bad "console prompt, two VMs"
step "vm 2" "vm 2" '^\* VM 2: running at PC 001000'
step "examine VM 2" "e pc" '^001000/ 200740001677  MOVE 17,1677'
step "break turn" "b turn" '^breakpoint 1'
step "the turn" "c" 'event turn at 001000 in VM 1$'
step "both halt" "delete all" 'tenvm> delete all'
step "both halt" "c" 'the guest halted'
step quit "q" 'ARITH PASS'
wait_for '^EXIT=0' && ok || bad "exit status, two VMs"
tmux -L "$sock" kill-server 2>/dev/null

# Ctrl-E into a running guest, which gets its keys raw (CR as CR).
start "$T" run --mode hybrid --state guests/echo.mac
sleep 0.5
keys "ab"
wait_for 'AB' && ok || bad "raw keys reach the guest"
keys C-e
wait_for 'stopped (Ctrl-E or Ctrl-C)' && ok || bad "Ctrl-E enters the console"
step "virtual beside real" "r" 'virtual (the guest.s KA10)'
step "examine the TTY's input" "e 2" '^000002/ 000000000102'
keys c Enter
sleep 0.5
keys "x"
wait_for '^X' && ok || bad "the guest runs on"
keys Enter
sleep 0.3
keys C-c
wait_for 'stopped.*\n*.*' && [ "$(grep -c 'stopped (Ctrl-E or Ctrl-C)' "$tmp/pane")" = 2 ] && ok ||
	bad "Ctrl-C enters the console"
step "CR reaches the guest as CR" "e 2" '^000002/ 000000000015'
step "store breakpoint" "break store 3" '^breakpoint 1'
keys c Enter
sleep 0.3
keys "y"
wait_for 'store to 000003' && ok || bad "store breakpoint"
step quit "q" '^EXIT=0'
tmux -L "$sock" kill-server 2>/dev/null

# ITS's exec DDT, if it is given (never part of the repository).
if [ -n "${TENVM_ITS_DDT:-}" ] && [ -f "$TENVM_ITS_DDT" ]; then
	cp "$TENVM_ITS_DDT" "$tmp/ddt.sblk"         # @.ddt is an SBLK file
	start "$T" run --mode hybrid "$tmp/ddt.sblk"
	sleep 1
	keys "1000/"                                # DDT answers at once: no Enter
	wait_for '^1000/   0' && ok || bad "DDT opens a location as it is typed"
	keys "5" Enter                              # CR closes it, depositing 5
	keys "1000/"
	wait_for '^1000/   5' && ok || bad "CR reaches DDT as CR: the deposit"
	keys C-e
	wait_for 'tenvm>' && ok || bad "Ctrl-E out of DDT"
	step "DDT's deposit seen by the console" "e 1000" '^001000/ 000000000005'
	step quit "q" '^EXIT=0'
else
	echo "console.sh: TENVM_ITS_DDT is not set: the DDT session is skipped"
fi

echo "RESULT $pass $fail"
