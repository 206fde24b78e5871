#!/bin/bash
# bench.sh — the benchmark report's own logic, without timing anything: its verdict on a run
# is `tenvm compare`'s, a quick report has its own directory, the hit rate's warm-up and settled
# rate, and the hit-rate plot (when matplotlib is there).  Prints "RESULT passed failed" last.
set -u
cd "$(dirname "$0")/.."
T=$(realpath "${TENVM:-build/tenvm}")
out=$(TENVM_BIN="$T" PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 - <<'PY' 2>&1
import os, sys
sys.path.insert(0, "bench")
import benchlib as bl
bl.TENVM = os.environ["TENVM_BIN"]
from report_common import Config
import report, report_curves as rc, report_workloads as rw
ok = bad = 0
def check(name, cond, info=""):
    global ok, bad
    if cond:
        ok += 1
    else:
        bad += 1
        print(f"FAIL {name}: {info}")

# One judge: compare's verdict on the whole state, not PC, ACs, count and output alone.
cfg = Config(quick=True, runs=1, out="", files=[], engine_sizes={}, engine_cg_sizes={}, nano_engines=(),
             nano_target=0, nano_cg_sizes=(), nano_cg_engines=(), vmm_sizes=(), vmm_cg_sizes=(),
             vmm_engines=(), minimon_scale=1, minimon_cg_mixes=(), user_budget=0)
w = rw.Workload("sieve.mac", "guests/sieve.mac")
rw.measure_workload(w, cfg)
v = w.results[("bt", "trap")]["vs_bare"]
check("sieve under trap is not 'same'", v.startswith("same output, different state from instruction 123"), v)
check("sieve under hybrid is the same", w.results[("bt", "hybrid")]["vs_bare"] == "", w.results[("bt", "hybrid")])
m = bl.compare("guests/arith.mac")
check("arith under trap diverges", bl.verdict(m, "trap").startswith("diverges from instruction 5"), bl.verdict(m, "trap"))
check("hello under trap is the same", bl.verdict(bl.compare("guests/hello.mac"), "trap") == "")

# A quick report never overwrites the committed full one.
check("quick report elsewhere", os.path.relpath(report.default_out(True), "bench") == "out/quick",
      report.default_out(True))
check("full report in bench/report", os.path.relpath(report.default_out(False), "bench") == "report")

# Warm-up and settled rate: 100 misses in the first 1000 instructions, then 1 in 10,000 entries.
rows = [{"insns": 0, "block_entries": 0, "hits": 0, "translations": 0}]
for k in range(1, 101):
    e = k * 1000
    hits = e - 100 - (k - 1) * 10 // 100 if k > 1 else e - 100
    rows.append({"insns": k * 1000, "block_entries": e, "hits": hits, "translations": 10 + k // 10})
st = rc.settle(rows)
check("warm-up ends after the first misses", st["warmup_insns"] <= 2000, st)
check("settled rate", abs(st["settled_hit_rate"] - 0.9999) < 0.0002, st)
thin = rc.thin([dict(r, insns=i + 1) for i, r in enumerate(rows * 10)], points=50)
check("thin keeps about the points asked for", 20 <= len(thin) <= 60, len(thin))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plots
    curves = [{"name": n, "mode": mo, "rows": rows, "settle": st} for n in ("a", "b", "c", "d") for mo in ("hybrid", "bare")]
    rc.mark_same(curves)
    fig = plots.plot_curves(plt, curves)
    used = [ax for ax in fig.axes if ax.axison]
    check("a panel per workload", len(used) == 4, len(used))
    labels = {l for ax in fig.axes for l in ax.get_legend_handles_labels()[1]}
    check("no legend entry for a hidden curve", not any("bare" in l for l in labels), labels)
    check("each panel marks its warm-up", all(len(ax.lines) >= 3 for ax in used))
except ImportError:
    print("note: no matplotlib: the plot is not checked")
print(f"RESULT {ok} {bad}")
PY
)
printf '%s\n' "$out" | grep -v '^RESULT' | head -n 20
line=$(printf '%s\n' "$out" | grep '^RESULT' | tail -n 1)
echo "${line:-RESULT 0 1}"
