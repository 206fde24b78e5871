"""report_curves.py — section 5 of the report: the code cache's hit rate over a run
(--cache-curve), where it settles and how long the warm-up takes."""
import os

from benchlib import BenchError, table
from report_common import progress
from report_workloads import wl_run


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
                # a fine step, for the warm-up's first thousands of instructions; thinned after
                wl_run(w, mode, "bt", curve=csv, curve_step=max(500, insns // 20000))
                curves.append({"name": w.name, "mode": mode, "rows": read_curve(csv)})
            except (BenchError, OSError, ValueError) as e:
                rep.fail(f"{w.name}: cache curve ({mode}): {e}")
    for c in curves:
        c["settle"] = settle(c["rows"])
    mark_same(curves)
    for c in curves:
        c["rows"] = thin(c["rows"])
    rep.data["cache_curves"] = curves
    rep.add("## Code cache hit rate over a run",
            "bt engine, from `--cache-curve`, under the hybrid monitor and on the bare machine (the plot "
            "shows the hybrid monitor; bare's curve all but covers it): the share of block entries that found translated code. The settled rate is "
            "the hit rate in the second half of the run; the warm-up ends at the first point from which "
            f"the rest of the run misses at most {WARMUP_SLACK} times as often as that. The trap-only "
            "monitor is left out: on most of these it stops early, wrong. Final hit rates for every mode "
            "are in the workloads table. A point of the curve is taken when the engine passes its "
            "dispatcher, so a loop of chained blocks is sampled only at its events (clock ticks): a "
            "warm-up is known to that resolution.",
            table(["workload", "mode", "guest insns", "warm-up (guest insns)", "warm-up, share of the run",
                   "translations by then", "settled hit rate", "hit rate over the run"],
                  settle_rows(curves), "llrrrrrr") if curves else "_Nothing measured._",
            "![hit rate over time](hitrate.png)",
            "How to read this: one panel per workload. The solid line is the cumulative hit rate from the "
            "start, the dots the hit rate within each interval (a dip is new code, or code stored into and "
            "translated again, at that point of the run); the dotted vertical line is the end of the "
            "warm-up and the dotted horizontal line the rate after it. The y axis is a logit scale, so "
            "99%, 99.9% and 99.99% are equally spaced.")
    return curves


WARMUP_SLACK = 1.5          # warm-up is over once the rest of the run misses at most 1.5 times as often as settled


def settle(rows):
    """Where a curve's hit rate settles: the settled rate is the hit rate of the block entries in the
    second half of the run (by guest instructions); the warm-up ends at the first point from which the
    rest of the run misses at most WARMUP_SLACK times as often as that."""
    rows = [r for r in rows if r["block_entries"] > 0]
    if len(rows) < 2:
        return None
    last = rows[-1]
    rate = lambda a: (last["hits"] - a["hits"]) / (last["block_entries"] - a["block_entries"])
    half = next(r for r in rows if r["insns"] >= last["insns"] / 2)
    half = half if half is not last else rows[-2]
    settled = rate(half)
    warm = next(r for r in rows if r is half or (1 - rate(r)) <= WARMUP_SLACK * (1 - settled))
    return {"warmup_insns": warm["insns"], "warmup_translations": warm["translations"],
            "translations": last["translations"], "insns": last["insns"],
            "settled_hit_rate": settled, "hit_rate": last["hits"] / last["block_entries"]}


def thin(rows, points=400):
    """About `points` of the rows, evenly spaced on a log scale of guest instructions, first and last kept."""
    if len(rows) <= points:
        return rows
    lo, hi = max(rows[0]["insns"], 1), rows[-1]["insns"]
    keep, k = [rows[0]], 1
    for i, r in enumerate(rows[1:-1], 1):
        if r["insns"] >= lo * (hi / lo) ** (k / points):
            keep.append(r)
            while lo * (hi / lo) ** (k / points) <= r["insns"]:
                k += 1
    return keep + [rows[-1]]


def mark_same(curves):
    """Mark each bare curve that is the same as its workload's hybrid one (c["same_as_hybrid"])."""
    key = lambda c: [(r["insns"], r["block_entries"], r["hits"]) for r in c["rows"]]
    hyb = {c["name"]: key(c) for c in curves if c["mode"] == "hybrid"}
    for c in curves:
        c["same_as_hybrid"] = c["mode"] == "bare" and hyb.get(c["name"]) == key(c)


def settle_rows(curves):
    pct = lambda x: "n/a" if x is None else f"{100 * x:.3f}%"
    rows = []
    for c in curves:
        st = c["settle"]
        if c["same_as_hybrid"]:
            rows.append([c["name"], "bare", "the same curve as hybrid"] + [""] * 5)
        elif st:
            rows.append([c["name"], c["mode"], f"{st['insns']:,}", f"{st['warmup_insns']:,}",
                         f"{100 * st['warmup_insns'] / max(st['insns'], 1):.1f}%",
                         f"{st['warmup_translations']:,} of {st['translations']:,}",
                         pct(st["settled_hit_rate"]), pct(st["hit_rate"])])
    return rows


def read_curve(path):
    with open(path) as f:
        lines = f.read().split()
    names = lines[0].split(",")
    return [dict(zip(names, map(int, l.split(",")))) for l in lines[1:]]
