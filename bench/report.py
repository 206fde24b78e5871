#!/usr/bin/python3
"""report.py — every tenvm benchmark in one run, written up as DIR/REPORT.md with PNG plots and report.json.

What is measured, and how (bench/run builds tenvm and then runs this):

1. Engines and peer: guest MIPS of simh's pdp10 (a KS10), tenvm interp and tenvm
   bt on bench/loop.mac, sieve.mac and fib.mac (copies with a larger iteration
   count), on the bare machine; all three must end with the same PC and ACs.
   tenvm's time is its own run (host_seconds); simh's is its whole process less
   its start-up (a one-HALT program).  Host instructions per guest instruction
   come from callgrind on two smaller sizes: (I2 - I1) / (insns2 - insns1).
2. Nanobenchmarks: each bench/nano/*.mac reads its operation count N from the
   console switches.  It runs bare, trap and hybrid at N1 < N2 (chosen from a
   calibration run so the slowest mode takes a fixed time); the cost of one
   operation is (t(N2) - t(N1)) / (N2 - N1), which cancels loading, translation
   and the rest of the start-up; guest instructions and VMM entries per
   operation likewise, and host instructions per operation from callgrind at
   two smaller N.  A trap run whose final state (PC, ACs, instructions, TTY
   output) differs from bare's is shown as diverging; a hybrid run that differs
   is a failure.
3. VMM entry cost: bench/nano/ioapr.mac (or bench/cono.mac while it is
   missing), where every pass makes two VMM entries.  Per entry: the mode's
   extra cost over bare between two sizes, divided by its extra VMM entries,
   in ns and (callgrind) host instructions; the ratio trap round trip / callout.
4. Workloads: guests/minimon.mac's job mixes (switches scale,,mix), the
   self-checking guests and any files given on the command line, in every
   mode on both engines: instructions, MIPS, VMM entries, translations, hit
   rate; hybrid/bare time of the minimon mixes (and its callgrind ratio).
5. Plots: hit rate of the code cache over a run (--cache-curve), cost per
   nanobenchmark operation by mode, MIPS by engine and peer.
6. BT against the VM assist (bench/assist.py): every nanobenchmark and minimon
   mix under the assist monitor (trap-and-emulate on the KA10 with the VM
   assist) and the hybrid one, host instructions (callgrind) and times side by
   side, and which operations make the translator win or lose; assist.png.

Times are medians over --runs runs, interleaved, with their spread (min-max);
callgrind counts are deterministic and shown once.  Runs that fail, hybrid runs
that differ from bare and missing files are listed under "Problems"; the exit
status is 1 if anything failed.

The full report goes to bench/report/ (committed); --quick writes to bench/out/quick/
(ignored by git) unless --out says otherwise.

usage: bench/report.py [--quick] [--runs N] [--out DIR] [FILE ...]
"""
import argparse
import datetime
import json
import os
import shlex
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True      # no __pycache__ in bench/
import benchlib as bl  # noqa: E402
from benchlib import BenchError, med, short  # noqa: E402
from plots import plots  # noqa: E402
from assist import assist_section  # noqa: E402
from report_common import OUTPUTS, Report, config, num, progress  # noqa: E402
from report_curves import curves_section  # noqa: E402
from report_engines import engines_section  # noqa: E402
from report_nano import nano_section  # noqa: E402
from report_vmm import vmm_section  # noqa: E402
from report_workloads import workloads_section  # noqa: E402


def host_info(out):
    """What the header says about the machine and the software, taken when the run starts."""
    return {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip(),
            "cpu": bl.cpu_model(), "cores": os.cpu_count(), "commit": bl.git_commit(ignore=out),
            "simh": bl.simh_version(),
            "command": os.environ.get("BENCH_COMMAND") or shlex.join(["bench/report.py"] + sys.argv[1:])}


def header(cfg, info, elapsed):
    return "\n".join([
        "# tenvm benchmark report", "",
        f"- date: {info['date']}",
        f"- host: {info['cpu']}, {info['cores']} cores",
        f"- tenvm: commit {info['commit']}",
        f"- peer: {info['simh']}",
        f"- command: `{info['command']}` ({'quick' if cfg.quick else 'full'}: {cfg.runs} runs per number; "
        f"took {elapsed:.0f} s)",
        "",
        "Every time is a median over the runs with the spread (min-max) in parentheses; callgrind counts "
        "(host instructions, `valgrind --tool=callgrind`) are exact and the same on every run, so they "
        "stand beside the times where a ratio would be noise. The raw numbers are in report.json."])


def problems(rep):
    if not rep.failures and not rep.notes:
        return "## Problems\n\nNone: every run ended as expected."
    lines = ["## Problems", ""]
    lines += [f"- **FAILED**: {m}" for m in rep.failures]
    lines += [f"- note: {m}" for m in rep.notes]
    return "\n".join(lines)


def headline(rep):
    """The few numbers the final message quotes, from the raw data."""
    out = []
    for r in rep.data.get("engines", {}).get("rows", []):
        m = r["mips"]
        out.append(f"{r['program']}: simh {num(med(m['simh'])) if m['simh'] else 'n/a'}, interp "
                   f"{num(med(m['interp']))}, bt {num(med(m['bt']))} MIPS")
    for e, v in rep.data.get("vmm", {}).get("engines", {}).items():
        out.append(f"trap/callout ({e}, callgrind): {num(v.get('ratio_callgrind'), 1)}")
    for w in rep.data.get("workloads", []):
        cg = w.get("callgrind")
        if cg:
            out.append(f"{w['name']}: hybrid/bare callgrind {cg['hybrid'] / cg['bare']:.3f}")
    for w in rep.data.get("assist", {}).get("mixes") or []:
        a, h = w["modes"]["assist"]["host_insns"], w["modes"]["hybrid"]["host_insns"]
        out.append(f"{w['name']}: assist/hybrid callgrind {a / h:.3f}")
    return out


def run_sections(cfg, rep, tmp):
    """Every section in turn; one that fails is reported and the others still run."""
    sections = {}
    for key, fn in (("engines", engines_section), ("nano", nano_section), ("vmm", vmm_section),
                    ("workloads", workloads_section), ("assist", assist_section)):
        ts = time.monotonic()
        try:
            sections[key] = fn(cfg, rep, tmp)
        except BenchError as e:
            rep.fail(f"{key}: {e}")
            rep.add(f"## {key}\n\n_Not measured: {e}_")
        rep.timing[key] = time.monotonic() - ts
        progress(f"  ({key}: {rep.timing[key]:.1f} s)")
    ts = time.monotonic()
    curves = curves_section(cfg, rep, sections.get("workloads") or [], tmp)
    plots(cfg, rep, sections.get("engines"), sections.get("nano"), curves)
    rep.timing["curves and plots"] = time.monotonic() - ts
    return sections


def default_out(quick):
    """Where the report goes without --out: the committed bench/report/ for a full run, and
    bench/out/quick/ (ignored by git) for --quick, which must never overwrite the full one."""
    return os.path.join(bl.HERE, *(("out", "quick") if quick else ("report",)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="everything in under a minute: fewer runs, smaller sizes")
    ap.add_argument("--runs", type=int, default=0, help="runs per timed number (default 7, 3 with --quick)")
    ap.add_argument("--out", help="output directory (default bench/report; with --quick bench/out/quick, "
                    "so a quick look never overwrites the committed full report)")
    ap.add_argument("files", nargs="*", metavar="FILE",
                    help="PDP-10 programs of your own (.sav .rim .sblk .bin .mac) to add to the workloads")
    a = ap.parse_args()
    if a.runs < 0:
        ap.error("--runs must be at least 1")
    a.out = a.out or default_out(a.quick)
    cfg = config(a)
    if not os.access(bl.TENVM, os.X_OK):
        sys.exit(f"report: {short(bl.TENVM)} is not built: run bench/run (or scripts/setup) first")
    os.makedirs(cfg.out, exist_ok=True)
    for f in OUTPUTS:
        if os.path.exists(os.path.join(cfg.out, f)):
            os.remove(os.path.join(cfg.out, f))
    t0, info = time.monotonic(), host_info(cfg.out)
    rep = Report()
    tmp = tempfile.mkdtemp(prefix="tenvm-bench-")
    try:
        bl.private_tenvm(tmp)
        run_sections(cfg, rep, tmp)
    except BenchError as e:
        sys.exit(f"report: {e}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - t0
    rep.data["header"] = {**info, "quick": cfg.quick, "runs": cfg.runs, "seconds": elapsed,
                          "section_seconds": rep.timing, "failures": rep.failures, "notes": rep.notes}
    with open(os.path.join(cfg.out, "REPORT.md"), "w") as f:
        f.write("\n\n".join([header(cfg, info, elapsed), problems(rep)] + rep.md) + "\n")
    with open(os.path.join(cfg.out, "report.json"), "w") as f:
        json.dump(rep.data, f, indent=1, default=str)
    progress(f"wrote {short(cfg.out)}/REPORT.md in {elapsed:.0f} s")
    for line in headline(rep):
        print(line)
    sys.exit(1 if rep.failures else 0)


if __name__ == "__main__":
    main()
