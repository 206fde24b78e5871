"""report_vmm.py — section 3 of the report: the cost of one VMM entry, a trap round trip
against a callout, in time and in host instructions."""
import os
from dataclasses import dataclass

import benchlib as bl
from benchlib import MODES, BenchError, fmt, med, short, table
from report_common import CALLOUT_TARGET, NANO_DIR, num, parallel, progress, ratios, state_diff
from report_nano import read_nano


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
        path, sw = p.at(n1, tmp)       # both monitors must be the same as bare here, by compare's judge
        judged = bl.compare(path, engine, switches=sw, options=p.options, max_insns=100 * n1 + 10_000_000)
        for m in ("trap", "hybrid"):
            if bl.verdict(judged, m):
                raise BenchError(f"{p.name} ({m}, {engine}, N={n1}): not the same as bare: {bl.verdict(judged, m)}")
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
