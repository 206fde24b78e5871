#!/usr/bin/env python3
"""engines.py — guest MIPS of simh's pdp10 (KS10), tenvm interp and tenvm bt (threaded and native), side by side.

Each program in bench/ (integer only, so simh's KS10 runs it too) is run on the
three engines in one session, several times each; the table gives the median
guest MIPS with the spread (min-max), the ratios, and bt's code-cache hit rate.
Every run's final ACs and PC must agree with the others, so the numbers are
for correct runs.  simh's time is its whole process, less the time of the same
simh start-up running a one-instruction program.

usage: bench/engines.py [--runs N] [--tenvm PATH] [--pdp10 PATH] [PROGRAM.mac ...]
"""
import argparse, os, shutil, statistics, sys, tempfile

sys.dont_write_bytecode = True      # no __pycache__ in bench/
import benchlib as bl  # noqa: E402
from plots import TENVM_PEERS  # noqa: E402


def measure(a, prog, have_simh, base, tmp):
    """(guest insns, MIPS per engine over the runs, bt hit rate) for one program."""
    words, start = bl.image(prog, a.tenvm)
    mips = {"simh": [], "interp": [], "threaded": [], "bt": []}
    results, insns, hit = set(), None, None
    for _ in range(a.runs):
        for engine, (eng, opts) in TENVM_PEERS.items():
            r = bl.run_tenvm(prog, "bare", eng, options=opts, tenvm=a.tenvm)
            insns = r.insns
            mips[engine].append(r.stats["mips"])
            results.add((r.pc, r.acs))
            if engine == "bt":
                hit = r.stats["hit_rate"]
        if have_simh:
            secs, pc, acs, _ = bl.run_simh(bl.simh_script(words, start), tmp, a.pdp10,
                                           f"{os.path.basename(prog)} (simh)")
            mips["simh"].append(insns / max(secs - base, 1e-9) / 1e6)
            results.add((pc, acs))
    if len(results) != 1:
        raise bl.BenchError(f"{os.path.basename(prog)}: the engines disagree on the final PC and ACs")
    return insns, mips, hit


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tenvm", default=bl.TENVM)
    ap.add_argument("--pdp10", default=bl.PDP10)
    ap.add_argument("programs", nargs="*",
                    default=[os.path.join(bl.HERE, p) for p in ("loop.mac", "sieve.mac", "fib.mac")])
    a = ap.parse_args()
    have_simh = os.path.exists(a.pdp10)
    tmp = tempfile.mkdtemp()
    try:
        base = bl.simh_startup(tmp, a.pdp10) if have_simh else None
        rows = [(os.path.basename(p), *measure(a, p, have_simh, base, tmp)) for p in a.programs]
    except bl.BenchError as e:
        sys.exit(f"engines: {e}")
    finally:
        shutil.rmtree(tmp)
    print(f"Guest MIPS, median of {a.runs} runs (min-max); host: {bl.cpu_model()}, {os.cpu_count()} cores\n")
    print("| program | guest insns | simh pdp10 | tenvm interp | bt threaded | bt (native) | interp/simh | bt/simh | bt/threaded | bt hit rate |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, m, hit in rows:
        med = {k: statistics.median(v) if v else float("nan") for k, v in m.items()}
        fmt = lambda xs: f"{statistics.median(xs):7.1f} ({min(xs):.0f}-{max(xs):.0f})"
        simh = fmt(m["simh"]) if m["simh"] else "n/a"
        print(f"| {name} | {n:,} | {simh} | {fmt(m['interp'])} | {fmt(m['threaded'])} | {fmt(m['bt'])} | "
              f"{med['interp'] / med['simh']:.2f} | {med['bt'] / med['simh']:.2f} | "
              f"{med['bt'] / med['threaded']:.2f} | {100 * hit:.4f}% |")


if __name__ == "__main__":
    main()
