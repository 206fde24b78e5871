# checklib.bash — what script tests share: check NAME STATUS PATTERN CMD... runs CMD (stdin
# empty) and counts a pass in $pass if it exits with STATUS and its output (stdout and stderr)
# matches the extended regex PATTERN (empty: anything) with no sanitizer report, else prints why and counts a failure in
# $fail.  Sourced, not run (tests/run runs tests/*.sh only).
pass=${pass:-0}
fail=${fail:-0}
ok() { pass=$((pass + 1)); }                     # a check done inline passed
bad() { echo "FAIL $1"; fail=$((fail + 1)); }   # ... or failed, and why
check() {
	local name=$1 want=$2 pat=$3
	shift 3
	local out rc
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, wanted $want"; printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		echo "FAIL $name: output lacks /$pat/"; printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	elif grep -qE 'AddressSanitizer|runtime error|Segmentation' <<<"$out"; then
		echo "FAIL $name: sanitizer report"; printf '%s\n' "$out" | head -n 10 | sed 's/^/    /'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# The bt backends $T was built with, for loops: "native threaded", or "threaded"
# where the native backend is not built (no Zydis, not x86-64).
bt_backends() {
	if "$T" run --backend native --stats guests/hello.mac 2>&1 | grep -qE '^backend: +native'; then
		echo native threaded
	else
		echo threaded
	fi
}
