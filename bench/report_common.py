"""report_common.py — what the report's sections share: its configuration, the report being
written (Markdown, raw numbers, problems), and small helpers for running and formatting."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import benchlib as bl

ENGINE_PROGRAMS = ("loop.mac", "sieve.mac", "fib.mac")
MIXES = ((0, "standard"), (1, "compute-bound"), (2, "call-heavy"), (3, "system-call-heavy"))
GUESTS = ("arith", "logic", "sieve", "recurse", "float", "clock")
MINIMON = os.path.join(bl.ROOT, "guests", "minimon.mac")
NANO_DIR = os.path.join(bl.HERE, "nano")
HYBRID_TARGET = 1.10        # the compute-bound mix: hybrid within 10% of bare
CALLOUT_TARGET = 10.0       # a callout at least ten times cheaper than a trap round trip
OUTPUTS = ("REPORT.md", "report.json", "hitrate.png", "nano.png", "mips.png", "assist.png")


@dataclass
class Config:
    """The sizes and counts of one report: --quick makes everything smaller."""
    quick: bool
    runs: int
    out: str
    files: list
    engine_sizes: dict          # program -> iteration count for the timed runs
    engine_cg_sizes: dict       # program -> (small, large) for callgrind
    nano_engines: tuple
    nano_target: float          # seconds for the slowest mode at N2
    nano_cg_sizes: tuple
    nano_cg_engines: tuple
    vmm_sizes: tuple
    vmm_cg_sizes: tuple
    vmm_engines: tuple
    minimon_scale: int
    minimon_cg_mixes: tuple
    user_budget: int            # --max-insns for the files a user brings


def config(a):
    q = a.quick
    return Config(
        quick=q, runs=a.runs or (3 if q else 7), out=a.out, files=a.files,
        engine_sizes={"loop.mac": 5_000_000 if q else 25_000_000, "sieve.mac": 100 if q else 300,
                      "fib.mac": 28 if q else 31},
        engine_cg_sizes={"loop.mac": (50_000, 150_000) if q else (100_000, 300_000),
                         "sieve.mac": (1, 3) if q else (2, 6), "fib.mac": (16, 19) if q else (18, 21)},
        nano_engines=("bt",) if q else ("bt", "interp"), nano_target=0.04 if q else 0.2,
        nano_cg_sizes=(2000, 10000), nano_cg_engines=("bt",) if q else ("bt", "interp"),
        vmm_sizes=(100_000, 400_000) if q else (200_000, 1_000_000), vmm_cg_sizes=(20_000, 100_000),
        vmm_engines=("bt",) if q else ("bt", "interp"),
        minimon_scale=1, minimon_cg_mixes=(1,) if q else (0, 1, 2, 3),
        user_budget=100_000_000)


class Report:
    """The Markdown of the report, its raw numbers, and what went wrong on the way."""

    def __init__(self):
        self.md, self.data, self.failures, self.notes, self.timing = [], {}, [], [], {}

    def add(self, *blocks):
        self.md.extend(blocks)

    def fail(self, msg):
        print(f"report: FAILED: {msg}", file=sys.stderr, flush=True)
        self.failures.append(msg)

    def note(self, msg):
        print(f"report: note: {msg}", file=sys.stderr, flush=True)
        self.notes.append(msg)


def progress(msg):
    print(f"report: {msg}", file=sys.stderr, flush=True)


def parallel(jobs):
    """Run callables on all cores (for callgrind, whose counts do not depend on load); their results in order."""
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as ex:
        futures = [ex.submit(f) for f in jobs]
        return [f.result() for f in futures]


def state_diff(a, b):
    """How run a's final state differs from run b's, in words (empty if equal)."""
    what = []
    if a.pc != b.pc:
        what.append(f"PC {a.pc} vs {b.pc}")
    acs = [i for i in range(16) if a.acs[i] != b.acs[i]]
    if acs:
        what.append("AC " + ",".join(format(i, "o") for i in acs))
    if a.insns != b.insns:
        what.append(f"{a.insns:,} vs {b.insns:,} instructions")
    if a.tty != b.tty:
        what.append("TTY output")
    if a.halted != b.halted:
        what.append("did not halt" if not a.halted else "halted (bare ran out of budget)")
    return "; ".join(what)


def num(x, prec=1):
    return "n/a" if x is None else f"{x:,.{prec}f}"


def ratios(xs, ys):
    """Per-run ratios x/y of two interleaved series."""
    return [x / y for x, y in zip(xs, ys) if y > 0]
