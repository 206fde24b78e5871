#!/usr/bin/python3
"""assist.py — binary translation against the VM assist, measured as Adams and Agesen measured
VMware's BT against first-generation VT-x.

Two monitors that both equal the bare machine run the same guests: `assist`, the classic
trap-and-emulate monitor on a real KA10 with the VM assist (every sensitive instruction of the
guest's exec code traps: I/O and MUUOs as on the KA10, JSR/JSP/PUSHJ/JRST 1/JRSTF as assist
exits), and `hybrid`, the caching binary translator (callouts and inline rewrites, no traps for
most sensitive instructions).  For every nanobenchmark (bench/nano/*.mac) the cost of one
operation in each, from two sizes N1 < N2 read from the console switches:
(cost(N2) - cost(N1)) / (N2 - N1), in host instructions (callgrind: exact) and in time
(median of --runs runs, noisy), with the VMM entries per operation by kind; and for every minimon
job mix (--switches scale,,mix) the whole run's totals.  The winner of each row is the monitor
with fewer host instructions.  Also a plot, assist.png.

Used by bench/report.py as its section "BT against the VM assist"; alone it prints that section
and writes the plot:

usage: bench/assist.py [--quick] [--runs N] [--out DIR]
"""
import argparse
import glob
import os
import sys

sys.dont_write_bytecode = True      # no __pycache__ in bench/
import benchlib as bl  # noqa: E402
from benchlib import BenchError, fmt, med, per_unit, short, table  # noqa: E402
from report_common import MINIMON, MIXES, NANO_DIR, num, parallel, progress, state_diff  # noqa: E402

AMODES = ("bare", "assist", "hybrid")
# bt's portable backend for both monitors, so the comparison is the monitors', not the backends',
# and the numbers stay those the README quotes.  (It used to be needed for smc.mac too, where
# native retranslated every rewritten block through Zydis and callgrind re-instrumented each one
# for minutes; native now falls back to threaded per block for code rewritten that often, so
# dropping this line would cost smc.mac little.)
BACKEND = ("--backend", "threaded")
KINDS = (("traps", "traps"), ("assist_traps", "assist traps"), ("callouts", "callouts"),
         ("inline_rewrites", "inline rewrites"), ("vmm_events", "events"))


def options_of(path):
    """The '; OPTIONS:' line of a nanobenchmark's header, as arguments."""
    with open(path) as f:
        for line in f:
            if line.startswith("; OPTIONS:"):
                return line.split(":", 1)[1].split()
    return []


def op_of(path):
    with open(path) as f:
        for line in f:
            if line.startswith("; OP:"):
                return line.split(":", 1)[1].strip()
    return os.path.basename(path)


def entries(st):
    return {k: st.get(k, 0) for k, _ in KINDS}


def nano_costs(cfg):
    """Per nanobenchmark and mode (bt): host instructions, guest instructions, entries by kind and
    time per operation; every mode's final state must equal bare's."""
    n1, n2 = cfg.nano_cg_sizes
    paths = sorted(glob.glob(os.path.join(NANO_DIR, "*.mac")))
    jobs, keys = [], []
    for p in paths:
        for m in AMODES:
            for n in (n1, n2):
                keys.append((p, m, n))
                jobs.append(lambda p=p, m=m, n=n: bl.run_tenvm(p, m, "bt", switches=n,
                                                               options=options_of(p) + list(BACKEND),
                                                               callgrind=True))
    got = dict(zip(keys, parallel(jobs)))
    tn1, tn2 = 10 * n1, 10 * n2                     # timed runs: larger, for a measurable difference
    out = []
    for p in paths:
        secs = {m: {tn1: [], tn2: []} for m in AMODES}
        for _ in range(cfg.runs):
            for n in (tn1, tn2):
                for m in AMODES:
                    r = bl.run_tenvm(p, m, "bt", switches=n, options=options_of(p) + list(BACKEND))
                    secs[m][n].append(r.stats["host_seconds"])
        row = {"name": os.path.basename(p), "op": op_of(p), "n": [n1, n2], "timed_n": [tn1, tn2], "modes": {}}
        for m in AMODES:
            a, b = got[(p, m, n1)], got[(p, m, n2)]
            bare = (got[(p, "bare", n1)], got[(p, "bare", n2)])
            diff = state_diff(a, bare[0]) or state_diff(b, bare[1])
            if diff:
                raise BenchError(f"{short(p)} ({m}, bt): differs from bare: {diff}")
            unit = lambda x, y: per_unit(x, y, n1, n2)
            row["modes"][m] = {
                "host_insns_per_op": unit(a.host_insns, b.host_insns),
                "insns_per_op": unit(a.insns, b.insns),
                **{k + "_per_op": unit(a.stats.get(k, 0), b.stats.get(k, 0)) for k, _ in KINDS},
                "ns_per_op": [per_unit(s1, s2, tn1, tn2) * 1e9 for s1, s2 in zip(secs[m][tn1], secs[m][tn2])]}
        out.append(row)
    return out


def mix_totals(cfg):
    """Per minimon mix and mode (bt): the whole run's host instructions, guest instructions, entries
    by kind, and times; every mode's final state must equal bare's."""
    if not os.path.exists(MINIMON):
        return []
    keys, jobs = [], []
    for mix, _ in MIXES:
        sw = (cfg.minimon_scale << 18) | mix
        for m in AMODES:
            keys.append((mix, m))
            jobs.append(lambda sw=sw, m=m: bl.run_tenvm(MINIMON, m, "bt", switches=sw, options=BACKEND,
                                                        callgrind=True))
    got = dict(zip(keys, parallel(jobs)))
    out = []
    for mix, label in MIXES:
        sw = (cfg.minimon_scale << 18) | mix
        secs = {m: [] for m in AMODES}
        for _ in range(cfg.runs):
            for m in AMODES:
                secs[m].append(bl.run_tenvm(MINIMON, m, "bt", switches=sw, options=BACKEND).stats["host_seconds"])
        row = {"name": f"minimon mix {mix} ({label})", "mix": mix, "switches": format(sw, "o"), "modes": {}}
        for m in AMODES:
            r = got[(mix, m)]
            diff = state_diff(r, got[(mix, "bare")])
            if diff:
                raise BenchError(f"minimon mix {mix} ({m}, bt): differs from bare: {diff}")
            row["modes"][m] = {"host_insns": r.host_insns, "insns": r.insns, **entries(r.stats),
                               "seconds": secs[m]}
        out.append(row)
    return out


def winner(a, h):
    """Which monitor needs fewer host instructions, and by what factor."""
    if a is None or h is None or min(a, h) <= 0:
        return "n/a"
    return f"BT, {a / h:.1f}x" if h < a else f"assist, {h / a:.1f}x"


def entries_text(d, suffix=""):
    parts = [f"{num(d[k + suffix], 2 if suffix else 0)} {label}" for k, label in KINDS
             if round(d[k + suffix], 2 if suffix else 0)]
    return ", ".join(parts) or "none"


def markdown(cfg, nano, mixes):
    blocks = ["## BT against the VM assist",
              "The claim (Adams and Agesen, ASPLOS 2006): *\"A well-tuned caching binary translation system "
              "may achieve comparable performance ... relative to first generation x86 hardware assist, which "
              "merely made sensitive instructions trappable.\"* Here the hardware assist is the KA10 with the "
              "VM assist (`--cpu ka10-vmx`): under `--mode assist` the guest's exec code runs with VMX set, so "
              "every sensitive instruction traps to the monitor (the classic trap-and-emulate monitor, Theorem 1 "
              "on a machine that satisfies it); `hybrid` is the binary translator. Both equal the bare machine "
              "on every run below (checked). Engine bt, threaded backend, for both; host instructions from callgrind are exact, "
              f"times are medians of {cfg.runs} runs (min-max) and noisy."]
    head = ["operation", "guest insns / op", "assist: VMM entries / op", "hybrid: VMM entries / op",
            "bare host insns / op", "assist host insns / op", "hybrid host insns / op", "assist / hybrid",
            "fewer host insns", "ns / op bare, assist, hybrid"]
    body = []
    for r in nano:
        b, a, h = (r["modes"][m] for m in AMODES)
        body.append([f"**{r['name']}**: {r['op']}", num(b["insns_per_op"], 2),
                     entries_text(a, "_per_op"), entries_text(h, "_per_op"),
                     num(b["host_insns_per_op"]), num(a["host_insns_per_op"]), num(h["host_insns_per_op"]),
                     num(a["host_insns_per_op"] / h["host_insns_per_op"], 2) if h["host_insns_per_op"] > 0 else "n/a",
                     winner(a["host_insns_per_op"], h["host_insns_per_op"]),
                     ", ".join(fmt(r["modes"][m]["ns_per_op"]) for m in AMODES)])
    if nano:
        n1, n2 = nano[0]["n"]
        blocks += [f"**Cost of one operation** (N1 = {n1:,}, N2 = {n2:,} for callgrind; "
                   f"{nano[0]['timed_n'][0]:,} and {nano[0]['timed_n'][1]:,} for times):",
                   table(head, body, "lrllrrrrlr")]
    head = ["job mix", "guest insns", "assist: VMM entries", "hybrid: VMM entries", "bare host insns",
            "assist / bare", "hybrid / bare", "assist / hybrid", "fewer host insns", "time assist / hybrid"]
    body = []
    for r in mixes:
        b, a, h = (r["modes"][m] for m in AMODES)
        tr = [x / y for x, y in zip(a["seconds"], h["seconds"]) if y > 0]
        body.append([r["name"], f"{b['insns']:,}", entries_text(a), entries_text(h), f"{b['host_insns']:,}",
                     num(a["host_insns"] / b["host_insns"], 3), num(h["host_insns"] / b["host_insns"], 3),
                     num(a["host_insns"] / h["host_insns"], 2), winner(a["host_insns"], h["host_insns"]),
                     fmt(tr, prec=2)])
    if mixes:
        blocks += ["**minimon's job mixes**, whole runs:", table(head, body, "lrllrrrrlr")]
    blocks += [verdict(nano, mixes), "![BT against the VM assist](assist.png)"]
    return blocks


def verdict(nano, mixes):
    """Which operations make the translator win and which make it lose, in words."""
    win, lose = [], []
    for r in nano:
        a, h = r["modes"]["assist"]["host_insns_per_op"], r["modes"]["hybrid"]["host_insns_per_op"]
        (win if h < a else lose).append(f"{r['name']} ({a / h:.1f}x)" if h < a else f"{r['name']} ({h / a:.1f}x)")
    for r in mixes:
        a, h = r["modes"]["assist"]["host_insns"], r["modes"]["hybrid"]["host_insns"]
        (win if h < a else lose).append(f"mix {r['mix']} ({a / h:.2f}x)" if h < a else f"mix {r['mix']} ({h / a:.2f}x)")
    return (f"The translator needs fewer host instructions on: {', '.join(win) or 'nothing'}; the assist on: "
            f"{', '.join(lose) or 'nothing'} (the factor is the loser's count over the winner's).")


def plot(cfg, rep, nano, mixes):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from plots import bars
    except ImportError as e:
        rep.fail(f"plot assist.png: matplotlib is not available ({e}); run bench/run")
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 2]})
    groups = [r["name"][:-4] for r in nano]
    vals = {m: [r["modes"][m]["host_insns_per_op"] for r in nano] for m in AMODES}
    bars(ax1, groups, AMODES, vals, {m: [(v, v) for v in vals[m]] for m in AMODES},
         "host instructions per operation (callgrind)", logy=True)
    ax1.set_title("nanobenchmarks: one operation")
    groups = [f"mix {r['mix']}" for r in mixes]
    vals = {m: [r["modes"][m]["host_insns"] / r["modes"]["bare"]["host_insns"] for r in mixes] for m in AMODES}
    bars(ax2, groups, AMODES, vals, {m: [(v, v) for v in vals[m]] for m in AMODES},
         "host instructions, times bare (callgrind)")
    ax2.set_title("minimon job mixes: whole runs")
    fig.suptitle("Binary translation (hybrid) against the VM assist (assist), engine bt (threaded)")
    fig.tight_layout()
    fig.savefig(os.path.join(cfg.out, "assist.png"))
    plt.close(fig)


def assist_section(cfg, rep, tmp):
    """The report's section: measures, adds its Markdown and raw numbers, writes assist.png."""
    progress("BT against the VM assist")
    try:
        progress("  nanobenchmarks (callgrind, then times)")
        nano = nano_costs(cfg)
        progress("  minimon's mixes")
        mixes = mix_totals(cfg)
    except BenchError as e:
        rep.fail(f"assist: {e}")
        rep.add(f"## BT against the VM assist\n\n_Not measured: {e}_")
        return None
    rep.data["assist"] = {"nano": nano, "mixes": mixes}
    rep.add(*markdown(cfg, nano, mixes))
    if nano or mixes:
        try:
            plot(cfg, rep, nano, mixes)
        except Exception as e:          # a plot must not lose the report
            rep.fail(f"plot assist.png: {e!r}")
    return rep.data["assist"]


def main():
    from report_common import Report, config
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(bl.HERE, "report"))
    a = ap.parse_args()
    a.files = []
    cfg = config(a)
    os.makedirs(cfg.out, exist_ok=True)
    rep = Report()
    assist_section(cfg, rep, None)
    print("\n\n".join(rep.md))
    sys.exit(1 if rep.failures else 0)


if __name__ == "__main__":
    main()
