"""plots.py — the benchmark report's figures (matplotlib, Agg backend, PNG, 800 px wide).

plots() draws what it is given into the output directory: guest MIPS by engine
and peer, the cost of one operation by mode, and the code cache's hit rate over
a run.  A plot that fails is reported, never fatal: the tables still stand.
"""
import os
import sys

from benchlib import MODES, med

PEERS = ("simh", "interp", "threaded", "bt")   # bt: the default backend, native where built
# How each tenvm peer runs: its --engine and extra options.
TENVM_PEERS = {"interp": ("interp", ()), "threaded": ("bt", ("--backend", "threaded")), "bt": ("bt", ())}


def plots(cfg, rep, engines, nano, curves):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        rep.fail(f"plots: matplotlib is not available to {sys.executable} ({e}); run bench/run")
        return
    plt.rcParams.update({"font.size": 10, "figure.dpi": 100})
    for fn, arg, name in ((plot_mips, engines, "mips.png"), (plot_nano, nano, "nano.png"),
                          (plot_curves, curves, "hitrate.png")):
        if arg:
            try:
                fig = fn(plt, arg)
                fig.savefig(os.path.join(cfg.out, name))
                plt.close(fig)
            except Exception as e:          # a plot must not lose the report
                rep.fail(f"plot {name}: {e!r}")


def bars(ax, groups, series, values, spans, ylabel, logy=False, missing=None):
    """Grouped bars: values[s][g] (None for no bar, with text missing[s][g]); spans[s][g] = (lo, hi)."""
    width = 0.8 / len(series)
    for i, s in enumerate(series):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        vals = [v if v is not None else 0 for v in values[s]]
        lo = [max(v - sp[0], 0) if v is not None else 0 for v, sp in zip(values[s], spans[s])]
        hi = [max(sp[1] - v, 0) if v is not None else 0 for v, sp in zip(values[s], spans[s])]
        ax.bar(xs, vals, width, yerr=[lo, hi], capsize=3, label=s)
        for x, v, txt in zip(xs, values[s], (missing or {}).get(s, [None] * len(xs))):
            if v is None and txt:
                ax.text(x, 0.03, txt, rotation=90, ha="center", va="bottom", fontsize=8,
                        transform=ax.get_xaxis_transform())
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.grid(axis="y", alpha=0.3)
    ax.legend()


def plot_mips(plt, rows):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    groups = [r["program"] for r in rows]
    vals = {e: [med(r["mips"][e]) if r["mips"][e] else None for r in rows] for e in PEERS}
    spans = {e: [(min(r["mips"][e]), max(r["mips"][e])) if r["mips"][e] else (0, 0) for r in rows] for e in PEERS}
    bars(ax, groups, PEERS, vals, spans, "guest MIPS (median, min-max)",
         missing={"simh": ["no simh"] * len(rows)})
    ax.set_title("Guest MIPS on the bare machine: simh pdp10, tenvm interp, tenvm bt")
    fig.tight_layout()
    return fig


def plot_nano(plt, results):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    rows = [r for r in results if "bt" in r["engines"]]
    groups = [r["name"].removesuffix(".mac") for r in rows]
    vals, spans, missing = {}, {}, {}
    for m in MODES:
        vals[m], spans[m], missing[m] = [], [], []
        for r in rows:
            d = r["engines"]["bt"]
            ns = d[m]["ns_per_op"]
            ok = not (m == "trap" and d["trap_diverges"]) and ns and med(ns) > 0
            vals[m].append(med(ns) if ok else None)
            spans[m].append((max(min(ns), med(ns) / 10), max(ns)) if ok else (0, 0))
            missing[m].append("diverges" if m == "trap" and d["trap_diverges"] else None)
    bars(ax, groups, MODES, vals, spans, "host ns per operation (log)", logy=True, missing=missing)
    ax.set_title("Cost of one operation by mode (bt engine)")
    fig.tight_layout()
    return fig


def interval_rates(rows, buckets=40):
    """Hit rate within log-spaced intervals of the run: (end insns, rate) pairs."""
    if len(rows) < 2:
        return []
    lo, hi = max(rows[0]["insns"], 1), rows[-1]["insns"]
    edges = sorted({min(rows, key=lambda r: abs(r["insns"] - lo * (hi / lo) ** (i / buckets)))["insns"]
                    for i in range(buckets + 1)})
    at = {r["insns"]: r for r in rows}
    out = []
    for a, b in zip(edges, edges[1:]):
        ea, eb = at[a], at[b]
        if eb["block_entries"] > ea["block_entries"]:
            out.append((b, (eb["hits"] - ea["hits"]) / (eb["block_entries"] - ea["block_entries"])))
    return out


def plot_curves(plt, curves):
    from matplotlib.ticker import FixedLocator, FixedFormatter, NullLocator
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    ceiling = 1 - 1e-6
    clip = lambda p: min(max(p, 0.01), ceiling)
    colors = {}
    for c in curves:
        color = colors.setdefault(c["name"], f"C{len(colors)}")
        hybrid = c.get("mode", "hybrid") == "hybrid"
        rows = [r for r in c["rows"] if r["block_entries"] > 0]
        top.plot([r["insns"] for r in rows], [clip(r["hits"] / r["block_entries"]) for r in rows],
                 color=color, linestyle="-" if hybrid else "--",
                 label=c["name"] if hybrid else f"{c['name']}, bare")
        if hybrid:
            iv = interval_rates(rows)
            bottom.plot([x for x, _ in iv], [clip(y) for _, y in iv], marker=".", color=color,
                        label=c["name"], alpha=0.8)
    ticks = [0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, ceiling]
    names = ["10%", "50%", "90%", "99%", "99.9%", "99.99%", "99.999%", "100%"]
    for ax, what in ((top, "cumulative hit rate"), (bottom, "hit rate in each interval")):
        ax.set_xscale("log")
        ax.set_yscale("logit")
        ax.set_ylim(top=ceiling)
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FixedFormatter(names))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_ylabel(what)
        ax.grid(alpha=0.3)
    bottom.set_xlabel("guest instructions (log)")
    top.legend(fontsize=8)
    top.set_title("Code cache hit rate over a run (bt; hybrid solid, bare dashed)")
    fig.tight_layout()
    return fig
