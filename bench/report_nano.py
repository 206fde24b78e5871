"""report_nano.py — section 2 of the report: the nanobenchmarks in bench/nano/, each operation's
cost in every mode, and whether the trap-only monitor ends as the bare machine does."""
import glob
import os
import re
import shlex
from dataclasses import dataclass

import benchlib as bl
from benchlib import MODES, BenchError, fmt, per_unit, short, table
from report_common import NANO_DIR, num, parallel, progress, ratios, state_diff


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
    last, judged, diverges = {}, None, None
    for _ in range(cfg.runs):
        for n in (n1, n2):
            bare = nano_run(g, n, "bare", engine)
            check_done(g, bare, f"bare, {engine}")
            if judged is None:    # compare's verdict: the whole state, at every checkpoint
                judged = bl.compare(g.path, engine, switches=n, options=g.options,
                                    max_insns=4 * bare.insns + 1_000_000)
                diverges = bl.verdict(judged, "trap") or None
                if not judged["hybrid"]["equal"]:
                    raise BenchError(f"{g.name} (hybrid, {engine}, N={n}): differs from bare: "
                                     f"{bl.verdict(judged, 'hybrid')}")
            runs = {"bare": bare, "hybrid": nano_run(g, n, "hybrid", engine)}
            if not diverges:      # a run that is not the same has no times worth showing
                runs["trap"] = nano_run(g, n, "trap", engine, budget=4 * bare.insns + 1_000_000)
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
            diverges = by["trap_diverges"]
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
                    v = by["trap_diverges"]
                    body.append(label + [v.split(" from")[0].split(";")[0]] * 2 + ["—"] * 5)
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
            "times the bare machine's cost it takes. \"diverges\" (or \"same output, different state\") is "
            "`tenvm compare`'s verdict on the trap-only monitor's run: its machine state left the bare "
            "machine's (and its end or output differ too, or not), so its numbers would be for a wrong run; "
            "VMM entries per operation say how often the monitor had to step in.",
            "![cost per operation by mode](nano.png)")
