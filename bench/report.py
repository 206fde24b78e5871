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

Times are medians over --runs runs, interleaved, with their spread (min-max);
callgrind counts are deterministic and shown once.  Runs that fail, hybrid runs
that differ from bare and missing files are listed under "Problems"; the exit
status is 1 if anything failed.

usage: bench/report.py [--quick] [--runs N] [--out DIR] [FILE ...]
"""
import argparse, datetime, glob, json, os, re, shlex, sys, tempfile, time, shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

sys.dont_write_bytecode = True      # no __pycache__ in bench/
import benchlib as bl  # noqa: E402
from benchlib import MODES, BenchError, fmt, med, per_unit, short, table  # noqa: E402
from plots import PEERS, plots  # noqa: E402

ENGINE_PROGRAMS = ("loop.mac", "sieve.mac", "fib.mac")
MIXES = ((0, "standard"), (1, "compute-bound"), (2, "call-heavy"), (3, "system-call-heavy"))
GUESTS = ("arith", "logic", "sieve", "recurse", "float", "clock")
MINIMON = os.path.join(bl.ROOT, "guests", "minimon.mac")
NANO_DIR = os.path.join(bl.HERE, "nano")
HYBRID_TARGET = 1.10        # the compute-bound mix: hybrid within 10% of bare
CALLOUT_TARGET = 10.0       # a callout at least ten times cheaper than a trap round trip
OUTPUTS = ("REPORT.md", "report.json", "hitrate.png", "nano.png", "mips.png")


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


# ====================================================================================
# 1. Engines and peer
# ====================================================================================

def check_agree(name, finals):
    if len(set(finals.values())) > 1:
        raise BenchError(f"{name}: the engines disagree on the final PC and ACs: " +
                         "; ".join(f"{e} PC {pc}" for e, (pc, _) in finals.items()))


def time_engines(cfg, src, base, tmp):
    """Guest MIPS of each engine over the runs, on a copy of src with the timing size."""
    name = os.path.basename(src)
    prog = bl.sized_copy(src, cfg.engine_sizes[name], tmp)
    script = bl.simh_script(*bl.image(prog)) if base is not None else None
    mips, finals, stats = {e: [] for e in PEERS}, {}, {}
    for _ in range(cfg.runs):
        for engine in ("interp", "bt"):
            r = bl.run_tenvm(prog, "bare", engine)
            mips[engine].append(r.stats["mips"])
            finals[engine], stats[engine] = (r.pc, r.acs), r.stats
        if script:
            secs, pc, acs, _ = bl.run_simh(script, tmp, what=f"{name} (simh)")
            mips["simh"].append(r.insns / max(secs - base, 1e-9) / 1e6)
            finals["simh"] = (pc, acs)
    check_agree(name, finals)
    return {"program": name, "count": cfg.engine_sizes[name], "insns": r.insns, "mips": mips,
            "hit_rate": stats["bt"]["hit_rate"]}


def callgrind_engines(cfg, have_simh, tmp):
    """Host instructions per guest instruction of each engine and program, from two sizes under callgrind."""
    jobs, keys = [], []
    for name in ENGINE_PROGRAMS:
        src = os.path.join(bl.HERE, name)
        if not os.path.exists(src):
            continue
        for n in cfg.engine_cg_sizes[name]:
            prog = bl.sized_copy(src, n, tmp)
            for engine in ("interp", "bt"):
                keys.append((name, engine, n))
                jobs.append(lambda p=prog, e=engine: bl.run_tenvm(p, "bare", e, callgrind=True))
            if have_simh:
                script = bl.simh_script(*bl.image(prog))
                keys.append((name, "simh", n))
                jobs.append(lambda s=script, w=f"{name} (simh, callgrind)": bl.run_simh(s, tmp, what=w, callgrind=True))
    got = dict(zip(keys, parallel(jobs)))
    out = {}
    for name in {k[0] for k in keys}:
        small, large = cfg.engine_cg_sizes[name]
        insns = {n: got[(name, "interp", n)].insns for n in (small, large)}
        for n in (small, large):
            finals = {e: (got[(name, e, n)].pc, got[(name, e, n)].acs) for e in ("interp", "bt")}
            if have_simh:
                finals["simh"] = got[(name, "simh", n)][1:3]
            check_agree(f"{name} (callgrind size {n})", finals)
        host = lambda e, n: got[(name, e, n)].host_insns if e != "simh" else got[(name, e, n)][3]
        out[name] = {e: per_unit(host(e, small), host(e, large), insns[small], insns[large])
                     for e in PEERS if e != "simh" or have_simh}
        out[name]["sizes"] = [small, large]
    return out


def engines_section(cfg, rep, tmp):
    progress("engines and peer")
    have_simh = os.path.exists(bl.PDP10)
    if not have_simh:
        rep.note(f"simh's pdp10 is not installed ({bl.PDP10}): its columns are n/a")
    base = bl.simh_startup(tmp) if have_simh else None
    rows = []
    for name in ENGINE_PROGRAMS:
        src = os.path.join(bl.HERE, name)
        if not os.path.exists(src):
            rep.note(f"{short(src)} is missing: left out of the engines table")
            continue
        try:
            rows.append(time_engines(cfg, src, base, tmp))
        except BenchError as e:
            rep.fail(f"engines: {e}")
    try:
        cg = callgrind_engines(cfg, have_simh, tmp)
    except BenchError as e:
        rep.fail(f"engines (callgrind): {e}")
        cg = {}
    for row in rows:
        row["callgrind"] = cg.get(row["program"], {})
    rep.data["engines"] = {"simh_startup_seconds": base, "rows": rows}
    engines_markdown(cfg, rep, rows)
    return rows


def engines_markdown(cfg, rep, rows):
    head = ["program", "guest insns", "simh MIPS", "interp MIPS", "bt MIPS", "bt / simh", "bt / interp",
            "host insns per guest insn: simh / interp / bt", "bt / simh (callgrind)",
            "bt / interp (callgrind)", "bt hit rate"]
    body = []
    for r in rows:
        m, cg = r["mips"], r["callgrind"]
        speed = lambda a, b: num(cg[b] / cg[a], 2) if cg.get(a) and cg.get(b) else "n/a"
        body.append([r["program"], f"{r['insns']:,}", fmt(m["simh"]), fmt(m["interp"]), fmt(m["bt"]),
                     fmt(ratios(m["bt"], m["simh"]), prec=2), fmt(ratios(m["bt"], m["interp"]), prec=2),
                     " / ".join(num(cg.get(e)) for e in PEERS),
                     speed("bt", "simh"), speed("bt", "interp"), f"{100 * r['hit_rate']:.4f}%"])
    rep.add("## Engines and peer",
            f"Guest MIPS on the bare machine, median of {cfg.runs} runs (min-max), and host instructions "
            "per guest instruction from callgrind (deterministic; sizes in report.json).",
            table(head, body, "lrrrrrrrrrr") if body else "_Nothing measured._",
            "How to read this: higher MIPS is faster; \"bt / simh\" is how many times faster tenvm's "
            "translator runs than simh on the same program (per run, then the median). The callgrind "
            "columns say the same without timing noise: host instructions the engine spends per guest "
            "instruction, and their ratios (simh's count over bt's, interp's over bt's).",
            "![MIPS by engine](mips.png)")


# ====================================================================================
# 2. Nanobenchmarks
# ====================================================================================

@dataclass
class Nano:
    """A nanobenchmark guest and what its header says."""
    path: str
    op: str
    options: list
    trap: str                   # the header's TRAP line: "correct" or "diverges (...)"
    done: str = None            # address of DONE
    cap: int = 2**17            # the largest N used: 2^17 if it reads only the switches' right half
    n: tuple = ()               # (N1, N2) of the timed runs

    @property
    def name(self):
        return os.path.basename(self.path)


def read_nano(path, rep):
    with open(path) as f:
        text = f.read()
    line = lambda k: (re.search(rf"^;\s*{k}:[ \t]*(.*)$", text, re.M) or [None, None])[1]
    op, options, trap = line("OP"), line("OPTIONS"), line("TRAP")
    for k, v in (("OP", op), ("OPTIONS", options), ("TRAP", trap)):
        if v is None:
            rep.note(f"{short(path)}: no '; {k}:' header line")
    return Nano(path, (op or os.path.basename(path)).strip(), shlex.split(options or ""),
                (trap or "correct").strip())


def nano_run(g, n, mode, engine, budget=0, callgrind=False):
    r = bl.run_tenvm(g.path, mode, engine, switches=n, options=g.options, max_insns=budget,
                     allow_budget=bool(budget), callgrind=callgrind)
    r.n = n
    return r


def check_done(g, r, what):
    if g.done and r.pc != g.done:
        raise BenchError(f"{g.name} ({what}, N={r.n}): halted at PC {r.pc}, not at DONE ({g.done}): "
                         "a check failed")


def calibrate(g, cfg):
    """Choose N1 < N2: guest instructions must grow linearly with N; the slowest mode takes about nano_target at N2."""
    a, b = 1000, 3000
    ra, rb = nano_run(g, a, "bare", "bt"), nano_run(g, b, "bare", "bt")
    check_done(g, ra, "bare")
    per = per_unit(ra.insns, rb.insns, a, b)
    if per <= 0:
        raise BenchError(f"{g.name}: its instruction count does not grow with N: does it read the switches?")
    fixed = ra.insns - per * a
    probe = 2**18 + 1000      # beyond 18 bits: does it read the whole word? (if that is quick to see)
    g.cap = 2**17             # half of 18 bits, leaving the guest room for its own arithmetic on N
    if per_unit(ra.stats["host_seconds"], rb.stats["host_seconds"], a, b) * probe < 0.5:
        rp = nano_run(g, probe, "bare", "bt", budget=int(fixed + per * probe * 2 + 100_000))
        if rp.halted and abs(rp.insns - (fixed + per * probe)) <= 0.01 * per * probe:
            g.cap = 2**30
    n = min(1000, g.cap)
    while True:               # grow n until the slowest mode's run is long enough to time
        slowest = max(nano_run(g, n, m, "bt", budget=int(4 * (fixed + per * n) + 1_000_000)).stats["host_seconds"]
                      for m in MODES)
        if slowest >= 0.005 or n >= g.cap:
            break
        n = min(g.cap, n * max(2, int(0.01 / max(slowest, 1e-6))))
    n2 = int(min(max(cfg.nano_target * n / max(slowest, 1e-9), 400), g.cap))
    g.n = (max(n2 // 4, 100), n2)
    return per, fixed


def nano_measure(g, cfg, engine):
    """Timed runs at N1 and N2 in every mode: per-op costs and counts, and whether trap diverges."""
    n1, n2 = g.n
    secs = {m: {n1: [], n2: []} for m in MODES}
    last, diverges = {}, None
    for _ in range(cfg.runs):
        for n in (n1, n2):
            bare = nano_run(g, n, "bare", engine)
            check_done(g, bare, f"bare, {engine}")
            runs = {"bare": bare, "hybrid": nano_run(g, n, "hybrid", engine)}
            if not diverges:      # once it diverges, its times are not shown
                runs["trap"] = nano_run(g, n, "trap", engine, budget=4 * bare.insns + 1_000_000)
                diverges = state_diff(runs["trap"], bare)
            if runs["hybrid"].state != bare.state:
                raise BenchError(f"{g.name} (hybrid, {engine}, N={n}): differs from bare: "
                                 f"{state_diff(runs['hybrid'], bare)}")
            for m, r in runs.items():
                secs[m][n].append(r.stats["host_seconds"])
                last[(m, n)] = r
    out = {"trap": {"ns_per_op": []}} if diverges else {}
    for m in (m for m in MODES if m not in out):
        ns = [per_unit(s1, s2, n1, n2) * 1e9 for s1, s2 in zip(secs[m][n1], secs[m][n2])]
        count = lambda k: per_unit(last[(m, n1)].stats.get(k, 0), last[(m, n2)].stats.get(k, 0), n1, n2)
        out[m] = {"ns_per_op": ns, "seconds": {str(n): v for n, v in secs[m].items()},
                  "insns_per_op": per_unit(last[(m, n1)].insns, last[(m, n2)].insns, n1, n2),
                  **{k + "_per_op": count(k) for k in ("vmm_entries", "traps", "callouts", "vmm_events",
                                                       "inline_rewrites", "translations", "invalidations")}}
    for m in MODES:
        out[m]["x_bare"] = ratios(out[m]["ns_per_op"], out["bare"]["ns_per_op"])
    out["trap_diverges"] = diverges
    return out


def nano_callgrind(guests, cfg):
    """Host instructions per operation, per guest, engine and mode, from two sizes under callgrind."""
    n1, n2 = cfg.nano_cg_sizes
    keys, jobs = [], []
    for g in guests:
        for engine in cfg.nano_cg_engines:
            for mode in MODES:
                for n in (n1, n2):
                    keys.append((g.name, engine, mode, n))
                    budget = 0 if mode != "trap" else 100 * n + 10_000_000
                    jobs.append(lambda g=g, n=n, m=mode, e=engine, b=budget: nano_run(g, n, m, e, b, callgrind=True))
    got = dict(zip(keys, parallel(jobs)))
    out = {}
    for (name, engine, mode, n) in keys:
        if n == n1:
            a, b = got[(name, engine, mode, n1)], got[(name, engine, mode, n2)]
            bare = (got[(name, engine, "bare", n1)], got[(name, engine, "bare", n2)])
            out[(name, engine, mode)] = {"host_insns_per_op": per_unit(a.host_insns, b.host_insns, n1, n2),
                                         "differs": state_diff(a, bare[0]) or state_diff(b, bare[1])}
    return out


def nano_section(cfg, rep, tmp):
    progress("nanobenchmarks")
    paths = sorted(glob.glob(os.path.join(NANO_DIR, "*.mac")))
    rep.add("## Nanobenchmarks")
    if not paths:
        rep.note(f"{short(NANO_DIR)}/ holds no *.mac: no nanobenchmarks measured")
        rep.add(f"_No nanobenchmarks: {short(NANO_DIR)}/ holds no `*.mac` files._")
        rep.data["nano"] = []
        return []
    guests, results = [], []
    for path in paths:
        g = read_nano(path, rep)
        try:
            g.done = bl.label_address(path, "DONE")
            if not g.done:
                rep.note(f"{g.name}: no DONE label: success is taken from the halt alone")
            progress(f"  {g.name}: calibrating")
            per, fixed = calibrate(g, cfg)
            res = {"name": g.name, "op": g.op, "options": g.options, "trap_header": g.trap, "n": list(g.n),
                   "cap": g.cap, "calibration_insns_per_op": per, "engines": {}}
            for engine in cfg.nano_engines:
                progress(f"  {g.name}: {engine}, N = {g.n[0]} and {g.n[1]}")
                res["engines"][engine] = nano_measure(g, cfg, engine)
            guests.append(g)
            results.append(res)
        except BenchError as e:
            rep.fail(f"nanobenchmark {e}")
    try:
        progress("  callgrind")
        cg = nano_callgrind(guests, cfg)
    except BenchError as e:
        rep.fail(f"nanobenchmarks (callgrind): {e}")
        cg = {}
    for res in results:
        for engine, by in res["engines"].items():
            for m in MODES:
                c = cg.get((res["name"], engine, m))
                by[m]["callgrind"] = c
                if m == "hybrid" and c and c["differs"]:
                    rep.fail(f"{res['name']} (hybrid, {engine}, callgrind sizes): differs from bare: {c['differs']}")
            diverges = by["trap_diverges"] or (cg.get((res["name"], engine, "trap")) or {}).get("differs")
            by["trap_diverges"] = diverges or None
            said = res["trap_header"].startswith("diverges")
            if bool(diverges) != said:
                rep.note(f"{res['name']} ({engine}): its header says 'TRAP: {res['trap_header']}' but the trap "
                         f"run {'diverges: ' + diverges if diverges else 'ends as bare does'}")
    rep.data["nano"] = results
    nano_markdown(cfg, rep, results)
    return results


def nano_markdown(cfg, rep, results):
    head = ["operation", "engine", "mode", "guest insns / op", "VMM entries / op (traps, callouts, events)",
            "inline rewrites / op", "ns / op", "x bare", "host insns / op (callgrind)", "x bare (callgrind)"]
    body = []
    for res in results:
        for engine, by in res["engines"].items():
            cg_bare = (by["bare"].get("callgrind") or {}).get("host_insns_per_op")
            for m in MODES:
                d = by[m]
                label = [f"{res['name']}", engine, m]
                if m == "trap" and by["trap_diverges"]:
                    body.append(label + ["diverges"] * 2 + ["—"] * 5)
                    continue
                cg = (d.get("callgrind") or {}).get("host_insns_per_op")
                entries = (f"{num(d['vmm_entries_per_op'], 2)} ({num(d['traps_per_op'], 2)}, "
                           f"{num(d['callouts_per_op'], 2)}, {num(d['vmm_events_per_op'], 3)})")
                body.append(label + [
                    num(d["insns_per_op"], 2), "—" if m == "bare" else entries,
                    "—" if m == "bare" else num(d["inline_rewrites_per_op"], 2),
                    fmt(d["ns_per_op"], prec=1), fmt(d["x_bare"], prec=2),
                    num(cg), num(cg / cg_bare, 2) if cg is not None and cg_bare else "n/a"])
    ops = "\n".join(f"- **{r['name']}**: {r['op']} (N1 = {r['n'][0]:,}, N2 = {r['n'][1]:,}"
                    f"{'; options ' + ' '.join(r['options']) if r['options'] else ''}; header: TRAP: "
                    f"{r['trap_header']})" for r in results)
    rep.add(f"Cost of one operation: (t(N2) - t(N1)) / (N2 - N1), median of {cfg.runs} runs (min-max) of "
            f"tenvm's own run time; callgrind at N = {cfg.nano_cg_sizes[0]:,} and {cfg.nano_cg_sizes[1]:,}.",
            ops,
            table(head, body, "lllrlrrrrr") if body else "_Nothing measured._",
            "How to read this: each row is one operation of the guest in one mode; \"x bare\" is how many "
            "times the bare machine's cost it takes. \"diverges\" means the trap-only monitor ends with a "
            "different PC, ACs, instruction count or output than the bare machine, so its numbers would be "
            "for a wrong run; VMM entries per operation say how often the monitor had to step in.",
            "![cost per operation by mode](nano.png)")


# ====================================================================================
# 3. VMM entry cost
# ====================================================================================

@dataclass
class Sized:
    """A program whose pass count is N: from the switches, or from a copy with its count word set."""
    name: str
    src: str
    options: list
    by_switches: bool

    def at(self, n, tmp):
        return (self.src, n) if self.by_switches else (bl.sized_copy(self.src, n, tmp), None)

    def run(self, n, mode, engine, tmp, callgrind=False):
        path, sw = self.at(n, tmp)
        return bl.run_tenvm(path, mode, engine, switches=sw, options=self.options, callgrind=callgrind)


def vmm_program(rep):
    io = os.path.join(NANO_DIR, "ioapr.mac")
    if os.path.exists(io):
        return Sized("nano/ioapr.mac", io, read_nano(io, rep).options, True)
    rep.note(f"{short(io)} is missing: the VMM entry cost is measured on bench/cono.mac")
    return Sized("cono.mac", os.path.join(bl.HERE, "cono.mac"), [], False)


def entry_costs(cost, entries, n1, n2):
    """Cost per VMM entry of trap and hybrid from per-size costs of every mode: the extra over bare
    between the two sizes, divided by the extra entries.  cost[mode][n], entries[mode][n]."""
    base = cost["bare"][n2] - cost["bare"][n1]
    return {m: ((cost[m][n2] - cost[m][n1]) - base) / (entries[m][n2] - entries[m][n1])
            for m in ("trap", "hybrid") if entries[m][n2] > entries[m][n1]}


def vmm_section(cfg, rep, tmp):
    progress("VMM entry cost")
    p = vmm_program(rep)
    n1, n2 = cfg.vmm_sizes
    res = {"program": p.name, "sizes": [n1, n2], "callgrind_sizes": list(cfg.vmm_cg_sizes), "engines": {}}
    for engine in cfg.vmm_engines:
        ns = {"trap": [], "hybrid": []}
        entries = {}
        for _ in range(cfg.runs):
            secs = {m: {} for m in MODES}
            for n in (n1, n2):
                runs = {m: p.run(n, m, engine, tmp) for m in MODES}
                for m in ("trap", "hybrid"):
                    if runs[m].state != runs["bare"].state:
                        raise BenchError(f"{p.name} ({m}, {engine}, N={n}): differs from bare: "
                                         f"{state_diff(runs[m], runs['bare'])}")
                for m, r in runs.items():
                    secs[m][n] = r.stats["host_seconds"] * 1e9
                    entries.setdefault(m, {})[n] = r.stats.get("vmm_entries", 0)
            for m, c in entry_costs(secs, entries, n1, n2).items():
                ns[m].append(c)
        res["engines"][engine] = {"ns_per_entry": ns, "entries": {m: {str(k): v for k, v in e.items()}
                                                                  for m, e in entries.items()},
                                  "ratio_time": ratios(ns["trap"], ns["hybrid"])}
    c1, c2 = cfg.vmm_cg_sizes
    keys = [(e, m, n) for e in cfg.vmm_engines for m in MODES for n in (c1, c2)]
    got = dict(zip(keys, parallel([lambda k=k: p.run(k[2], k[1], k[0], tmp, callgrind=True) for k in keys])))
    for engine in cfg.vmm_engines:
        host = {m: {n: got[(engine, m, n)].host_insns for n in (c1, c2)} for m in MODES}
        ent = {m: {n: got[(engine, m, n)].stats.get("vmm_entries", 0) for n in (c1, c2)} for m in MODES}
        per = entry_costs(host, ent, c1, c2)
        res["engines"][engine]["host_insns_per_entry"] = per
        res["engines"][engine]["ratio_callgrind"] = (per["trap"] / per["hybrid"]
                                                     if per.get("hybrid", 0) > 0 and "trap" in per else None)
    rep.data["vmm"] = res
    vmm_markdown(cfg, rep, res)
    return res


def vmm_markdown(cfg, rep, res):
    head = ["engine", "ns per trap round trip", "ns per callout", "trap / callout (time)",
            "host insns per trap round trip", "host insns per callout", "trap / callout (callgrind)",
            f"target: callout {CALLOUT_TARGET:.0f}x cheaper"]
    body = []
    for engine, e in res["engines"].items():
        hi, rc = e.get("host_insns_per_entry", {}), e.get("ratio_callgrind")
        rt = e["ratio_time"]
        body.append([engine, fmt(e["ns_per_entry"]["trap"]), fmt(e["ns_per_entry"]["hybrid"], prec=2),
                     fmt(rt, prec=1) if rt and med(e["ns_per_entry"]["hybrid"]) > 0 else "n/a (callout within noise)",
                     num(hi.get("trap")), num(hi.get("hybrid")), num(rc, 1),
                     ("met" if rc >= CALLOUT_TARGET else "not met") if rc else "n/a"])
    n1, n2 = res["sizes"]
    rep.add("## VMM entry cost",
            f"`{res['program']}`: every pass runs CONO APR and CONI APR, which trap to the trap-only monitor "
            f"and are callouts under the hybrid one. Per entry: (the mode's cost - bare's cost) between "
            f"N = {n1:,} and {n2:,} passes, divided by the mode's extra VMM entries; median of {cfg.runs} runs "
            f"(min-max). Callgrind at N = {res['callgrind_sizes'][0]:,} and {res['callgrind_sizes'][1]:,}.",
            table(head, body, "lrrrrrrl") if body else "_Nothing measured._",
            "How to read this: a trap round trip is the guest's instruction faulting into the trap-only "
            "monitor and back; a callout is the hybrid monitor's translated code calling its emulation "
            "directly. The callgrind ratio is the headline: timings of a few nanoseconds on a shared "
            "machine are mostly noise.")


# ====================================================================================
# 4. Workloads
# ====================================================================================

@dataclass
class Workload:
    name: str
    path: str
    switches: int = None
    done: str = None            # DONE's address when the guest is a .mac with that label
    budget: int = 0             # --max-insns (0: none)
    mix: int = None
    available: str = None       # None, or why it is n/a
    results: dict = field(default_factory=dict)


def workload_list(cfg, rep):
    """minimon's mixes, the self-checking guests and the user's files, with their DONE addresses."""
    ws = []
    if os.path.exists(MINIMON):
        done = bl.label_address(MINIMON, "DONE")
        for mix, label in MIXES:
            ws.append(Workload(f"minimon mix {mix} ({label})", MINIMON, (cfg.minimon_scale << 18) | mix, done,
                               mix=mix))
    else:
        rep.note(f"{short(MINIMON)} is missing: no minimon mixes")
    for g in GUESTS:
        path = os.path.join(bl.ROOT, "guests", g + ".mac")
        if not os.path.exists(path):
            rep.note(f"{short(path)} is missing: left out of the workloads")
            continue
        ws.append(Workload(f"{g}.mac", path, None, bl.label_address(path, "DONE")))
    for f in cfg.files:
        if not os.path.exists(f):
            rep.fail(f"{f}: no such file (given on the command line)")
            continue
        done = bl.label_address(f, "DONE") if f.endswith(".mac") else None
        ws.append(Workload(os.path.basename(f) + " (yours)", os.path.abspath(f), None, done,
                           budget=cfg.user_budget))
    return ws


def wl_run(w, mode, engine, budget=None, **kw):
    b = w.budget if budget is None else budget
    return bl.run_tenvm(w.path, mode, engine, switches=w.switches, max_insns=b, allow_budget=bool(b), **kw)


def probe(w, mix0, rep):
    """Run w once bare; set w.available to why it cannot be measured (a mix not there yet), or fail."""
    try:
        r = wl_run(w, "bare", "bt")
    except BenchError as e:
        if w.mix is None:
            raise
        w.available = f"n/a: {e}"
        return None
    if w.done and r.pc != w.done:
        last = next((l.strip() for l in reversed(r.tty.splitlines()) if l.strip()), "no output")
        if w.mix is None:
            raise BenchError(f"{w.name} (bare, bt): halted at PC {r.pc}, not at DONE ({w.done}): {last}")
        w.available = f"halts at PC {r.pc}, not DONE: \"{last}\""
    elif w.mix and mix0 is not None and (r.tty, r.insns) == (mix0.tty, mix0.insns):
        w.available = "not implemented yet: the same run as mix 0"
    return r


def measure_workload(w, cfg):
    """Every mode on both engines, interleaved over the runs; trap's difference from bare is recorded."""
    res = {(e, m): {"seconds": [], "mips": []} for e in ("bt", "interp") for m in MODES}
    for _ in range(cfg.runs):
        for engine in ("bt", "interp"):
            bare = wl_run(w, "bare", engine)
            trap = wl_run(w, "trap", engine, budget=w.budget or 4 * bare.insns + 1_000_000)
            hyb = wl_run(w, "hybrid", engine)
            if hyb.state != bare.state:
                raise BenchError(f"{w.name} (hybrid, {engine}): differs from bare: {state_diff(hyb, bare)}")
            for m, r in (("bare", bare), ("trap", trap), ("hybrid", hyb)):
                d = res[(engine, m)]
                d["seconds"].append(r.stats["host_seconds"])
                d["mips"].append(r.stats["mips"])
                d["stats"] = r.stats
                d["vs_bare"] = state_diff(r, bare)
                d["stop"] = "halt" if r.halted else "budget"
    w.results = res


def minimon_callgrind(ws, cfg):
    """Host instructions of bare and hybrid (bt) for the chosen minimon mixes, under callgrind."""
    chosen = [w for w in ws if w.mix in cfg.minimon_cg_mixes and not w.available]
    keys = [(w.name, m) for w in chosen for m in ("bare", "hybrid")]
    jobs = [lambda w=w, m=m: wl_run(w, m, "bt", callgrind=True) for w in chosen for m in ("bare", "hybrid")]
    got = dict(zip(keys, parallel(jobs)))
    for w in chosen:
        w.results["callgrind"] = {m: got[(w.name, m)].host_insns for m in ("bare", "hybrid")}


def workloads_section(cfg, rep, tmp):
    progress("workloads")
    ws = workload_list(cfg, rep)
    mix0 = None
    for w in ws:
        try:
            r = probe(w, mix0, rep)
            if w.mix == 0:
                mix0 = r
            if w.available:
                rep.note(f"{w.name}: {w.available}")
                continue
            progress(f"  {w.name}")
            measure_workload(w, cfg)
            for engine in ("bt", "interp"):
                if w.results[(engine, "hybrid")]["vs_bare"]:
                    rep.fail(f"{w.name} (hybrid, {engine}) differs from bare")
        except BenchError as e:
            w.available = "failed"
            rep.fail(f"workload {e}")
    try:
        minimon_callgrind(ws, cfg)
    except BenchError as e:
        rep.fail(f"minimon (callgrind): {e}")
    rep.data["workloads"] = [workload_json(w) for w in ws]
    workloads_markdown(cfg, rep, ws)
    return ws


def workload_json(w):
    res = {f"{k[0]}/{k[1]}": v for k, v in w.results.items() if isinstance(k, tuple)}
    return {"name": w.name, "path": short(w.path), "switches": None if w.switches is None else format(w.switches, "o"),
            "available": w.available or "yes", "runs": res, "callgrind": w.results.get("callgrind")}


def workloads_markdown(cfg, rep, ws):
    head = ["workload", "mode", "guest insns", "VMM entries (traps, callouts, events)", "inline rewrites",
            "bt translations", "bt hit rate", "interp MIPS", "bt MIPS", "final state vs bare"]
    body = []
    for w in ws:
        if w.available:
            body.append([w.name, "—"] + ["n/a"] * 7 + [w.available])
            continue
        for m in MODES:
            bt, it = w.results[("bt", m)], w.results[("interp", m)]
            s = bt["stats"]
            ent = lambda st: (f"{st.get('vmm_entries', 0):,} ({st.get('traps', 0):,}, "
                              f"{st.get('callouts', 0):,}, {st.get('vmm_events', 0):,})")
            entries = ent(s) if ent(s) == ent(it["stats"]) else f"bt {ent(s)} / interp {ent(it['stats'])}"
            vs = bt["vs_bare"] or it["vs_bare"]
            body.append([w.name, m, f"{s['insns']:,}" + (" (budget)" if bt["stop"] == "budget" else ""),
                         entries if m != "bare" else "—",
                         f"{s.get('inline_rewrites', 0):,}" if m != "bare" else "—",
                         f"{s.get('translations', 0):,}", f"{100 * s.get('hit_rate', 0):.3f}%",
                         fmt(it["mips"]), fmt(bt["mips"]),
                         "—" if m == "bare" else ("diverges: " + vs if vs else "same")])
    rep.add("## Workloads",
            f"Each workload in every mode on both engines, median of {cfg.runs} runs (min-max). minimon's "
            f"mixes are chosen with the switches (scale,,mix; scale {cfg.minimon_scale}). Files given on "
            f"the command line run with --max-insns {cfg.user_budget:,}.",
            table(head, body, "llrlrrrrrl") if body else "_Nothing measured._",
            "How to read this: guest instructions and VMM entries are exact counts (the same on every run); "
            "MIPS are guest instructions per host second. The last column says whether the run ended "
            "exactly as on the bare machine: the trap-only monitor may not, the hybrid one must.")
    minimon_markdown(cfg, rep, ws)


def minimon_markdown(cfg, rep, ws):
    head = ["mix", "engine", "guest insns", "bare ms", "hybrid ms", "hybrid / bare (time)",
            "hybrid / bare (callgrind)", f"target: within {100 * (HYBRID_TARGET - 1):.0f}% (compute-bound)"]
    body = []
    for w in (w for w in ws if w.mix is not None):
        if w.available:
            body.append([w.name, "—"] + ["n/a"] * 5 + [w.available])
            continue
        cg = w.results.get("callgrind")
        cgr = cg["hybrid"] / cg["bare"] if cg else None
        for engine in ("bt", "interp"):
            b, h = w.results[(engine, "bare")], w.results[(engine, "hybrid")]
            tr = ratios(h["seconds"], b["seconds"])
            verdict = "—"
            if w.mix == 1 and engine == "bt":
                val = cgr if cgr is not None else med(tr)
                verdict = "met" if val <= HYBRID_TARGET else "not met"
            body.append([w.name, engine, f"{b['stats']['insns']:,}", fmt([s * 1e3 for s in b["seconds"]], prec=2),
                         fmt([s * 1e3 for s in h["seconds"]], prec=2), fmt(tr, prec=3),
                         num(cgr, 3) if engine == "bt" else "—", verdict])
    if body:
        rep.add("### minimon: the hybrid monitor against the bare machine",
                table(head, body, "llrrrrrl"),
                "How to read this: 1.00 would mean the monitor costs nothing; the compute-bound mix runs "
                "almost entirely in user mode, directly, so it should be close to 1 (the target is at most "
                f"{HYBRID_TARGET:.2f}, judged on the callgrind ratio when there is one). The time ratio is "
                "per pair of interleaved runs, then the median.")


# ====================================================================================
# 5. Code cache hit rate over a run, and the plots
# ====================================================================================

def curves_section(cfg, rep, ws, tmp):
    """--cache-curve of a few workloads (hybrid, bt): cumulative and per-interval hit rate."""
    progress("cache curves")
    chosen = [w for w in ws if not w.available and (w.mix in (0, 1, 2) or w.name in ("recurse.mac", "sieve.mac")
                                                     or w.name.endswith("(yours)"))][:6]
    curves = []
    for w in chosen:
        insns = w.results[("bt", "hybrid")]["stats"]["insns"]
        for mode in ("hybrid", "bare"):
            csv = os.path.join(tmp, f"curve-{len(curves)}.csv")
            try:
                wl_run(w, mode, "bt", curve=csv, curve_step=max(1000, insns // 300))
                curves.append({"name": w.name, "mode": mode, "rows": read_curve(csv)})
            except (BenchError, OSError, ValueError) as e:
                rep.fail(f"{w.name}: cache curve ({mode}): {e}")
    rep.data["cache_curves"] = curves
    rep.add("## Code cache hit rate over a run",
            "bt engine, from `--cache-curve`: the share of block entries that found translated code, "
            "cumulative from the start (top: the hybrid monitor solid, the bare machine dashed) and "
            "within each interval (bottom: the hybrid monitor). The trap-only monitor's curves are "
            "left out: on most of these it stops early, wrong. Where the bare machine's curve equals "
            "the hybrid monitor's, the dashed line lies under the solid one. Final hit rates for "
            "every mode are in the workloads table.",
            "![hit rate over time](hitrate.png)",
            "How to read this: the curves start low while the code is first translated and climb towards "
            "1; a dip in the lower panel is new code (or code stored into and retranslated) at that point "
            "of the run. The y axis is a logit scale, so 0.99, 0.999 and 0.9999 are equally spaced.")
    return curves


def read_curve(path):
    with open(path) as f:
        lines = f.read().split()
    names = lines[0].split(",")
    return [dict(zip(names, map(int, l.split(",")))) for l in lines[1:]]


# ====================================================================================
# The report
# ====================================================================================

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
    return out


def run_sections(cfg, rep, tmp):
    """Every section in turn; one that fails is reported and the others still run."""
    sections = {}
    for key, fn in (("engines", engines_section), ("nano", nano_section), ("vmm", vmm_section),
                    ("workloads", workloads_section)):
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="everything in under a minute: fewer runs, smaller sizes")
    ap.add_argument("--runs", type=int, default=0, help="runs per timed number (default 7, 3 with --quick)")
    ap.add_argument("--out", default=os.path.join(bl.HERE, "report"), help="output directory (default bench/report)")
    ap.add_argument("files", nargs="*", metavar="FILE",
                    help="PDP-10 programs of your own (.sav .rim .sblk .bin .mac) to add to the workloads")
    a = ap.parse_args()
    if a.runs < 0:
        ap.error("--runs must be at least 1")
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
