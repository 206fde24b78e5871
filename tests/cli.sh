#!/bin/bash
# cli.sh — the command line as a new user meets it: usage errors, bad files, runaway
# guests.  Each check runs tenvm and looks at the exit status and one message.
# Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=${TENVM:-build/tenvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

. tests/checklib.bash   # check NAME STATUS PATTERN CMD...

# usage
check "no command" 2 "missing COMMAND" "$T"
check "unknown command" 2 "unknown command 'frob'" "$T" frob
check "help" 0 "usage: tenvm COMMAND" "$T" help
check "run --help" 0 "--max-insns" "$T" run --help
check "version" 0 "^tenvm [0-9]" "$T" --version
check "run without file" 2 "run needs a FILE" "$T" run
check "unknown option" 2 "unknown or incomplete option '--frob'" "$T" run --frob guests/hello.mac
check "bad mode" 2 "unknown --mode 'virtual'" "$T" run --mode virtual guests/hello.mac
check "bad engine" 2 "unknown --engine" "$T" run --engine jit guests/hello.mac
check "bad budget" 2 "--max-insns takes" "$T" run --max-insns ten guests/hello.mac
check "mem zero" 2 "--mem takes 1 to 256" "$T" run --mem 0 guests/hello.mac
check "mem too big" 2 "--mem takes 1 to 256" "$T" run --mem 300 guests/hello.mac
check "bad clock" 2 "--clock takes" "$T" run --clock 0 guests/hello.mac
check "bad start" 2 "--start takes an octal" "$T" run --start 9 guests/hello.mac
check "bad examine" 2 "--examine takes" "$T" run --examine 1-x guests/hello.mac
check "reversed range" 2 "--examine takes" "$T" run --examine 20-10 guests/hello.mac
check "two files in bare mode" 2 "use --mode trap, hybrid or assist" "$T" run --mode bare guests/hello.mac guests/hello.mac
check "nine files" 2 "at most 8 FILEs" "$T" run guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac guests/hello.mac
check "disasm word" 0 "^HALT 1007" "$T" disasm --word 254200001007
check "disasm bad word" 2 "--word takes" "$T" disasm --word 1234567012345670

# files
check "missing file" 2 "nope.mac" "$T" run "$tmp/nope.mac"
printf 'x' >"$tmp/prog.txt"
check "unknown extension" 2 "prog.txt" "$T" run "$tmp/prog.txt"
: >"$tmp/empty.sav"
check "empty sav" 2 "empty.sav" "$T" run "$tmp/empty.sav"
printf '\377\377\377\377\000\000\020\000' >"$tmp/trunc.sav"
check "truncated sav" 2 "offset" "$T" run "$tmp/trunc.sav"
head -c 4000 /dev/urandom >"$tmp/noise.rim" 2>/dev/null
check "noise rim" 2 "noise.rim" "$T" run "$tmp/noise.rim"
head -c 4000 /dev/urandom >"$tmp/noise.sblk"
check "noise sblk" 2 "noise.sblk" "$T" run "$tmp/noise.sblk"
printf '\tMOVE 1,\n\tEND\n' >"$tmp/bad1.mac"
printf '\tLOC 1000\nA:\tFOO 1,2\n\tEND A\n' >"$tmp/bad2.mac"
check "asm error has line and column" 2 "bad2.mac:2:[0-9]+: error" "$T" asm "$tmp/bad2.mac" -o "$tmp/bad2.sav"
check "run of bad source" 2 "bad2.mac:2:" "$T" run "$tmp/bad2.mac"
printf '\tLOC 1000\nA:\tJRST A\n\tEND\n' >"$tmp/nostart.mac"
check "no start address" 2 "no start address" "$T" run "$tmp/nostart.mac"
check "start given" 3 "budget of 1000 ran out" "$T" run --start 1000 --max-insns 1000 "$tmp/nostart.mac"
printf '\tLOC 200000\nA:\tHALT A\n\tEND A\n' >"$tmp/high.mac"
check "program beyond memory" 2 "beyond the machine" "$T" run --mem 16 "$tmp/high.mac"

# runaway guests end with status 3, never a hang
printf '\tLOC 1000\nA:\tJRST A\n\tEND A\n' >"$tmp/loop.mac"
check "endless loop" 3 "budget of 100000 ran out at PC 001000" "$T" run --max-insns 100000 "$tmp/loop.mac"
printf '\tLOC 1000\nA:\tMOVE 1,@B\nB:\t@B\n\tEND A\n' >"$tmp/chain.mac"
check "endless indirect chain" 3 "ran out at PC 001000" "$T" run --max-insns 100000 "$tmp/chain.mac"
printf '\tLOC 1000\nA:\tXCT A\n\tEND A\n' >"$tmp/xct.mac"
check "endless XCT" 3 "ran out at PC 001000" "$T" run --max-insns 100000 "$tmp/xct.mac"
printf '\tLOC 41\n\tCALL\n\tLOC 1000\nA:\tCALL\n\tEND A\n' >"$tmp/uuoloop.mac"
check "MUUO trapping to itself" 3 "ran out" "$T" run --max-insns 100000 "$tmp/uuoloop.mac"

# memory the guest does not have: NXM is a flag, never a host fault
printf '\tLOC 1000\nA:\tSETOM 177777\n\tMOVE 1,177777\n\tCONI 0,2\n\tHALT A\n\tEND A\n' >"$tmp/nxm.mac"
check "nonexistent memory" 0 "000002: 000000010" "$T" run --mem 16 --examine 2 "$tmp/nxm.mac"
printf '\tLOC 1000\nA:\tJRST 177777\n\tEND A\n' >"$tmp/nxmfetch.mac"
check "fetch from nonexistent memory" 3 "ran out at PC 177777" "$T" run --mem 16 --max-insns 1000 "$tmp/nxmfetch.mac"

# the guests run
check "hello" 0 "Hello from the KA10" "$T" run guests/hello.mac
check "user job" 0 "Hello from a user job" "$T" run guests/userjob.mac

# compare: one guest in bare, trap, assist and hybrid mode, side by side
check "help compare" 0 "usage: tenvm compare" "$T" help compare
check "compare without file" 2 "compare needs a FILE" "$T" compare
check "compare bad engine" 2 "unknown --engine" "$T" compare --engine jit guests/hello.mac
check "compare bad cpu" 2 "unknown --cpu .ka11. \(available: ka10, ka10-vmx\)" "$T" compare --cpu ka11 guests/hello.mac
check "compare missing file" 2 "nope.mac" "$T" compare "$tmp/nope.mac"
check "compare hello: all equal" 0 "^first divergence +\(reference\) +none +none +none$" "$T" compare guests/hello.mac
check "compare hello: same output" 0 "^TTY output +21 chars +21 chars, same +21 chars, same +21 chars, same$" "$T" compare guests/hello.mac
check "compare hello: trap equals bare" 0 "^trap equals bare throughout" "$T" compare --engine interp guests/hello.mac
check "compare modeleak: trap diverges, hybrid not" 0 "^first divergence +\(reference\) +instruction [0-9]+ +none +none$" \
	"$T" compare guests/modeleak.mac
check "compare modeleak: at the JSP" 0 "^trap leaves bare at instruction [0-9]+, in exec mode: [0-7]{6}  JSP 1," \
	"$T" compare guests/modeleak.mac
check "compare modeleak: hybrid equals bare" 0 "^hybrid equals bare throughout" "$T" compare guests/modeleak.mac
check "compare modeleak: trap output differs" 0 "^TTY output +[0-9]+ chars +[0-9]+ chars, DIFFERS +[0-9]+ chars, same +[0-9]+ chars, same$" \
	"$T" compare guests/modeleak.mac
check "compare budget" 0 "^ended +budget out at 001000 +budget out at 001000 +budget out at 001000 +budget out at 001000$" \
	"$T" compare --max-insns 100000 "$tmp/loop.mac"
# userjob: trap diverges exactly at the JRST 1, that enters user mode
jrst1=$("$T" asm --listing guests/userjob.mac -o "$tmp/userjob.sav" | awk '$4 == "JRST" && $5 ~ /^1,/ { print $1; exit }')
check "compare --json userjob" 0 "^trap leaves bare at instruction 4, in exec mode: $jrst1  JRST 1,1000$" \
	"$T" compare --json "$tmp/userjob.json" guests/userjob.mac
cat >"$tmp/cmp.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = {r["mode"]: r for r in d["modes"]}
assert [r["mode"] for r in d["modes"]] == ["bare", "trap", "assist", "hybrid"], d["modes"]
t = m["trap"]["divergence"]
assert t is not None and t["pc"] == sys.argv[2], (t, sys.argv[2])
assert t["instruction"].startswith("JRST 1,"), t
assert t["differs"] == ["flags"] and t["bare"]["flags"] == "010000" and t["mode"]["flags"] == "000000", t
assert m["hybrid"]["divergence"] is None and m["hybrid"]["equal"] and m["hybrid"]["tty_equal"]
assert not m["trap"]["tty_equal"] and m["bare"]["tty"].startswith("Hello from a user job")
assert m["trap"]["traps"] > 0 and m["hybrid"]["callouts"] > 0
assert m["assist"]["equal"] and m["assist"]["assist_traps"] > 0 and m["assist"]["callouts"] == 0
print("json ok")
PY
check "compare json: trap diverges at the JRST 1" 0 "^json ok$" python3 "$tmp/cmp.py" "$tmp/userjob.json" "$jrst1"

# Trap mode leaves bare at the first critical instruction whose effect the
# guest sees (modeleak's JSP, minimon's PUSHJ, both in exec code); hybrid never.
check "compare modeleak: trap at the JSP" 0 "^trap leaves bare at instruction 6, in exec mode: 001005  JSP 1,1006$" \
	"$T" compare guests/modeleak.mac
check "compare minimon: trap at the PUSHJ" 0 "^trap leaves bare at instruction 5, in exec mode: 001004  PUSHJ 17,1466$" \
	"$T" compare guests/minimon.mac
check "compare minimon: hybrid equals bare" 0 "^hybrid equals bare throughout" "$T" compare --engine interp guests/minimon.mac

# minimon's job mixes come from the console data switches (scale,,mix); tests/guests.sh
# runs mixes 1-3 to their ends.  The banner shows mix and scale; an unknown mix stops
# the boot; compare gives every mode the same switches.
check "minimon: mix and scale" 3 "^MINIMON: loading 4 jobs, mix 1 \(compute-bound\), scale 2"$'\r'"?$" \
	"$T" run --switches 2000001 --max-insns 5000 guests/minimon.mac
check "minimon: unknown mix" 0 "^MINIMON: \?no job mix 000004; the mixes are 0-3" \
	"$T" run --switches 4 guests/minimon.mac
check "minimon: unknown mix halts at BADMIX" 0 "^PC: 001107$" "$T" run --switches 4 --state guests/minimon.mac
check "compare minimon mix 3: hybrid equals bare" 0 "^hybrid equals bare throughout" \
	"$T" compare --switches 3 --max-insns 300000 guests/minimon.mac

# The console data switches: DATAI APR reads them on every machine.
printf '\tLOC\t1000\nSTART:\tDATAI\t0,1\n\tJRST\t4,.\n\tEND\tSTART\n' >"$tmp/sw.mac"
for mode in bare trap hybrid; do
	check "switches ($mode)" 0 "^000001: 123456701234$" "$T" run --mode "$mode" --switches 123456701234 \
		--examine 1 "$tmp/sw.mac"
done
check "switches not octal" 2 "--switches takes an octal word, not '9'" "$T" run --switches 9 "$tmp/sw.mac"

# The cache curve: a header, rising counts, and a last line that agrees with --stats-json.
check "cache curve needs bt" 2 "--cache-curve needs the bt engine" "$T" run --engine interp \
	--cache-curve "$tmp/c.csv" guests/sieve.mac
check "curve step alone" 2 "--curve-step goes with --cache-curve" "$T" run --curve-step 5 guests/hello.mac
check "cache curve bad step" 2 "--curve-step takes a positive decimal count" "$T" run --curve-step 0 \
	--cache-curve "$tmp/c.csv" guests/sieve.mac
"$T" run --mode bare --cache-curve "$tmp/c.csv" --curve-step 20000 --stats-json "$tmp/c.json" \
	guests/sieve.mac >/dev/null 2>&1 </dev/null
cat >"$tmp/curve.py" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
st = json.load(open(sys.argv[2]))
assert list(rows[0]) == ["insns", "block_entries", "hits", "translations", "invalidations", "flushes",
                         "interpreted"], list(rows[0])
n = [int(r["insns"]) for r in rows]
assert n == sorted(n) and len(rows) >= 10, n
last = rows[-1]
assert int(last["insns"]) == st["insns"] and int(last["translations"]) == st["translations"]
assert int(last["block_entries"]) == st["lookups"] + st["chained"]
assert int(last["hits"]) == st["lookups"] + st["chained"] - st["misses"]
print("curve ok")
PY
check "cache curve agrees with the stats" 0 "^curve ok$" python3 "$tmp/curve.py" "$tmp/c.csv" "$tmp/c.json"

echo "RESULT $pass $fail"
