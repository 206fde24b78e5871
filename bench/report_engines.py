"""report_engines.py — section 1 of the report: guest MIPS of simh's pdp10, tenvm interp and
tenvm bt (its threaded backend, and its default, native where built) on the bare machine, and
host instructions per guest instruction from callgrind."""
import os

import benchlib as bl
from benchlib import BenchError, fmt, per_unit, short, table
from plots import PEERS, TENVM_PEERS
from report_common import ENGINE_PROGRAMS, num, parallel, progress, ratios


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
        for engine, (eng, opts) in TENVM_PEERS.items():
            r = bl.run_tenvm(prog, "bare", eng, options=opts)
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
            for engine, (eng, opts) in TENVM_PEERS.items():
                keys.append((name, engine, n))
                jobs.append(lambda p=prog, e=eng, o=opts: bl.run_tenvm(p, "bare", e, options=o, callgrind=True))
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
            finals = {e: (got[(name, e, n)].pc, got[(name, e, n)].acs) for e in TENVM_PEERS}
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
    head = ["program", "guest insns", "simh MIPS", "interp MIPS", "bt threaded MIPS", "bt MIPS", "bt / simh",
            "bt / threaded", "host insns per guest insn: simh / interp / threaded / bt",
            "bt / simh (callgrind)", "bt / interp (callgrind)", "bt hit rate"]
    body = []
    for r in rows:
        m, cg = r["mips"], r["callgrind"]
        speed = lambda a, b: num(cg[b] / cg[a], 2) if cg.get(a) and cg.get(b) else "n/a"
        body.append([r["program"], f"{r['insns']:,}", fmt(m["simh"]), fmt(m["interp"]), fmt(m["threaded"]),
                     fmt(m["bt"]), fmt(ratios(m["bt"], m["simh"]), prec=2),
                     fmt(ratios(m["bt"], m["threaded"]), prec=2),
                     " / ".join(num(cg.get(e)) for e in PEERS),
                     speed("bt", "simh"), speed("bt", "interp"), f"{100 * r['hit_rate']:.4f}%"])
    rep.add("## Engines and peer",
            f"Guest MIPS on the bare machine, median of {cfg.runs} runs (min-max), and host instructions "
            "per guest instruction from callgrind (deterministic; sizes in report.json).",
            table(head, body, "lrrrrrrrrrrr") if body else "_Nothing measured._",
            "\"bt\" is the bt engine with its default backend (native x86-64 code where built), \"bt "
            "threaded\" the same engine with `--backend threaded`. "
            "How to read this: higher MIPS is faster; \"bt / simh\" is how many times faster tenvm's "
            "translator runs than simh on the same program (per run, then the median). The callgrind "
            "columns say the same without timing noise: host instructions the engine spends per guest "
            "instruction, and their ratios (simh's count over bt's, interp's over bt's).",
            "![MIPS by engine](mips.png)")
