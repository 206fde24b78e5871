"""report_curves.py — section 5 of the report: the code cache's hit rate over a run
(--cache-curve), where it settles and how long the warm-up takes."""
import os

from benchlib import BenchError
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
