"""report_workloads.py — section 4 of the report: minimon's job mixes, the self-checking guests
and the user's files in every mode on both engines, and how each run ends against bare."""
import os
from dataclasses import dataclass, field

import benchlib as bl
from benchlib import MODES, BenchError, fmt, med, short, table
from report_common import (GUESTS, HYBRID_TARGET, MINIMON, MIXES, num, parallel, progress, ratios,
                           state_diff)


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
    judged = {}
    for _ in range(cfg.runs):
        for engine in ("bt", "interp"):
            bare = wl_run(w, "bare", engine)
            trap = wl_run(w, "trap", engine, budget=w.budget or 4 * bare.insns + 1_000_000)
            hyb = wl_run(w, "hybrid", engine)
            if hyb.state != bare.state:
                raise BenchError(f"{w.name} (hybrid, {engine}): differs from bare: {state_diff(hyb, bare)}")
            if engine not in judged:    # compare's verdict: the whole state, at every checkpoint
                judged[engine] = bl.compare(w.path, engine, switches=w.switches,
                                            max_insns=w.budget or 4 * bare.insns + 1_000_000)
            for m, r in (("bare", bare), ("trap", trap), ("hybrid", hyb)):
                d = res[(engine, m)]
                d["seconds"].append(r.stats["host_seconds"])
                d["mips"].append(r.stats["mips"])
                d["stats"] = r.stats
                d["vs_bare"] = bl.verdict(judged[engine], m)
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
                         "—" if m == "bare" else (vs or "same")])
    rep.add("## Workloads",
            f"Each workload in every mode on both engines, median of {cfg.runs} runs (min-max). minimon's "
            f"mixes are chosen with the switches (scale,,mix; scale {cfg.minimon_scale}). Files given on "
            f"the command line run with --max-insns {cfg.user_budget:,}.",
            table(head, body, "llrlrrrrrl") if body else "_Nothing measured._",
            "How to read this: guest instructions and VMM entries are exact counts (the same on every run); "
            "MIPS are guest instructions per host second. The last column is `tenvm compare`'s verdict "
            "(the whole machine state at every checkpoint, and the TTY output): \"same\" when the run "
            "equals the bare machine's throughout; \"same output, different state\" when it ends as bare "
            "does, with the same output, but its state left bare's on the way (the first instruction "
            "where, and what differed); \"diverges\" when its end or output differ too. The trap-only "
            "monitor may not be the same; the hybrid one must.")
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
