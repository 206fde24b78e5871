#!/usr/bin/env python3
"""vmm.py — the cost of a VMM entry: a trap round trip (trap-only monitor) and a callout (hybrid).

Each program runs bare, under the trap-only monitor and under the hybrid monitor,
interleaved in one session, several times each, on each engine.  The cost of one
VMM entry in a mode is its host time less bare's, divided by its VMM entries
(`vmm_entries` from --stats-json: traps + callouts + events).  bench/cono.mac is
a loop of CONO/CONI APR in exec mode: every I/O instruction is a trap in trap
mode and a callout in hybrid mode, so the two costs are measured on the same
instructions.  Only programs that both monitors run correctly are used (the run's
final PC, ACs and instruction count must equal bare's), so the numbers are for
correct runs.  The table gives medians with the spread (min-max) over the runs.

A second table gives the hybrid monitor's overhead over the bare machine on
guests that only it runs correctly (by default guests/minimon.mac, whose whole
run is measured: its compute jobs run in user mode, directly; its own exec code
is mostly TTY loops of sensitive instructions).

usage: bench/vmm.py [--runs N] [--tenvm PATH] [--engines bt,interp] [--overhead GUEST,...]
                    [PROGRAM.mac ...]
"""
import argparse, os, sys

sys.dont_write_bytecode = True      # no __pycache__ in bench/
import benchlib as bl  # noqa: E402
from benchlib import MODES, fmt, med


def run_tenvm(tenvm, mode, engine, prog):
    """(statistics, final state) of one run; exits with the message if the run fails."""
    try:
        r = bl.run_tenvm(prog, mode, engine, tenvm=tenvm)
    except bl.BenchError as e:
        sys.exit(f"vmm: {e}")
    return r.stats, r.state


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tenvm", default=bl.TENVM)
    ap.add_argument("--engines", default="bt,interp")
    ap.add_argument("--overhead", default=os.path.join(bl.ROOT, "guests", "minimon.mac"),
                    help="comma-separated guests for the hybrid-over-bare table ('' for none)")
    ap.add_argument("programs", nargs="*",
                    default=[os.path.join(bl.HERE, "cono.mac"), os.path.join(bl.ROOT, "guests", "hello.mac"),
                             os.path.join(bl.HERE, "loop.mac")])
    a = ap.parse_args()
    rows = []
    for prog in a.programs:
        for engine in a.engines.split(","):
            secs = {m: [] for m in MODES}
            mips = {m: [] for m in MODES}
            cost = {"trap": [], "hybrid": []}
            stats = {}
            for _ in range(a.runs):
                res = {}
                for mode in MODES:
                    st, res[mode] = run_tenvm(a.tenvm, mode, engine, prog)
                    secs[mode].append(st["host_seconds"])
                    mips[mode].append(st["mips"])
                    stats[mode] = st
                for mode in ("trap", "hybrid"):
                    if res[mode] != res["bare"]:
                        sys.exit(f"vmm: {os.path.basename(prog)}: {mode} ({engine}) differs from bare; "
                                 "use programs both monitors run correctly")
                    n = stats[mode]["vmm_entries"]
                    # Only where traps and callouts are most of the entries: with events
                    # alone (a compute loop) the difference is the monitored engine's
                    # own per-instruction cost, not an entry's.
                    if n and stats[mode]["traps"] + stats[mode]["callouts"] >= n / 2:
                        cost[mode].append((secs[mode][-1] - secs["bare"][-1]) / n * 1e9)
            rows.append((os.path.basename(prog), engine, stats, mips, cost))
    print(f"VMM entry costs and guest MIPS, median of {a.runs} runs (min-max); host: {bl.cpu_model()}, "
          f"{os.cpu_count()} cores\n")
    print("| program | engine | guest insns | VMM entries trap / hybrid (traps, callouts) | "
          "bare MIPS | trap MIPS | hybrid MIPS | ns per trap round trip | ns per callout | trap / callout |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for name, engine, st, mips, cost in rows:
        t, h = st["trap"], st["hybrid"]
        ratio = (f"{med(cost['trap']) / med(cost['hybrid']):.1f}"
                 if cost["trap"] and cost["hybrid"] and med(cost["hybrid"]) > 0 else "n/a")
        print(f"| {name} | {engine} | {st['bare']['insns']:,} | "
              f"{t['vmm_entries']:,} ({t['traps']:,}, {t['callouts']:,}) / "
              f"{h['vmm_entries']:,} ({h['traps']:,}, {h['callouts']:,}) | "
              f"{fmt(mips['bare'])} | {fmt(mips['trap'])} | {fmt(mips['hybrid'])} | "
              f"{fmt(cost['trap'])} | {fmt(cost['hybrid'])} | {ratio} |")
    print("\nns per entry = (host time in the mode - bare host time) / vmm_entries of the mode, "
          "given only where traps and callouts are at least half of the entries; for programs "
          "with few entries (hello.mac: a few hundred) it is noise-dominated.")
    if a.overhead:
        overhead(a)


def share(x):
    """direct_share from --stats-json: null (None) for a run of no instructions."""
    return "n/a" if x is None else f"{100 * x:.2f}%"


def overhead(a):
    """Hybrid against bare on guests the trap monitor gets wrong: equal results required."""
    print(f"\nHybrid monitor against the bare machine, median of {a.runs} runs (min-max)\n")
    print("| guest | engine | guest insns | bare MIPS | hybrid MIPS | hybrid / bare time | "
          "VMM entries (traps, callouts, events) | inline rewrites | run without the monitor |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for prog in a.overhead.split(","):
        for engine in a.engines.split(","):
            secs = {"bare": [], "hybrid": []}
            mips = {"bare": [], "hybrid": []}
            for _ in range(a.runs):
                st_b, res_b = run_tenvm(a.tenvm, "bare", engine, prog)
                st_h, res_h = run_tenvm(a.tenvm, "hybrid", engine, prog)
                if res_h != res_b:
                    sys.exit(f"vmm: {os.path.basename(prog)}: hybrid ({engine}) differs from bare")
                for m, st in (("bare", st_b), ("hybrid", st_h)):
                    secs[m].append(st["host_seconds"])
                    mips[m].append(st["mips"])
            ratio = [h / b for h, b in zip(secs["hybrid"], secs["bare"]) if b > 0]
            print(f"| {os.path.basename(prog)} | {engine} | {st_b['insns']:,} | {fmt(mips['bare'])} | "
                  f"{fmt(mips['hybrid'])} | {fmt(ratio, prec=2)} | {st_h['vmm_entries']:,} "
                  f"({st_h['traps']:,}, {st_h['callouts']:,}, {st_h['vmm_events']:,}) | "
                  f"{st_h['inline_rewrites']:,} | {share(st_h['direct_share'])} |")


if __name__ == "__main__":
    main()
