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
    """One small panel per workload: the hybrid monitor's cumulative hit rate, the rate in each
    interval, and where the warm-up ends and the rate settles (bare's numbers are in the table:
    its curve all but covers the hybrid one)."""
    from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator
    names = list(dict.fromkeys(c["name"] for c in curves))
    ncols = min(3, len(names))
    nrows = (len(names) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 0.4 + 2.5 * nrows), squeeze=False)
    ceiling = 1 - 1e-6
    clip = lambda p: min(max(p, 0.5), ceiling)
    ticks = [0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, ceiling]
    labels = ["50%", "90%", "99%", "99.9%", "99.99%", "99.999%", "100%"]
    for ax, name in zip(axes.flat, names):
        for c in (c for c in curves if c["name"] == name and c["mode"] == "hybrid"):
            rows = [r for r in c["rows"] if r["block_entries"] > 0]
            ax.plot([r["insns"] for r in rows], [clip(r["hits"] / r["block_entries"]) for r in rows],
                    color="C0", linewidth=1.5, label="cumulative")
            iv = interval_rates(rows)
            ax.plot([x for x, _ in iv], [clip(y) for _, y in iv], ".", color="C1", markersize=3, alpha=0.7,
                    label="in each interval")
            st = c.get("settle")
            if st:
                ax.axvline(st["warmup_insns"], color="0.4", linestyle=":", linewidth=1)
                if st["settled_hit_rate"] is not None:
                    ax.axhline(clip(st["settled_hit_rate"]), color="0.4", linestyle=":", linewidth=1)
                rate = "n/a" if st["settled_hit_rate"] is None else f"{100 * st['settled_hit_rate']:.3f}%"
                ax.text(0.03, 0.04, f"warm-up {st['warmup_insns']:,} insns\nthen {rate}",
                        transform=ax.transAxes, fontsize=7, va="bottom")
        ax.set_title(name.replace(" (", "\n("), fontsize=8)
        ax.set_xscale("log")
        ax.set_yscale("logit")
        ax.set_ylim(0.5, ceiling)
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FixedFormatter(labels))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(names):]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel("hit rate", fontsize=8)
    for ax in axes[-1, :]:
        ax.set_xlabel("guest instructions (log)", fontsize=8)
    handles = {}
    for ax in axes.flat:
        for h, l in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(l, h)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle("Code cache hit rate over a run (bt, hybrid monitor): the warm-up ends at the dotted\n"
                 "vertical line, and the rate settles at the dotted horizontal one", fontsize=9)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig
