#!/usr/bin/env python3
"""engines.py — guest MIPS of simh's pdp10 (KS10), tenvm interp and tenvm bt, side by side.

Each program in bench/ (integer only, so simh's KS10 runs it too) is run on the
three engines in one session, several times each; the table gives the median
guest MIPS with the spread (min-max), the ratios, and bt's code-cache hit rate.
Every run's final ACs and PC must agree with the others, so the numbers are
for correct runs.  simh's time is its whole process, less the time of the same
simh start-up running a one-instruction program.

usage: bench/engines.py [--runs N] [--tenvm PATH] [--pdp10 PATH] [PROGRAM.mac ...]
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def image(tenvm, prog):
    """The words a program loads and its start, from `tenvm disasm`."""
    out = run([tenvm, "disasm", prog])
    if out.returncode:
        sys.exit(f"engines: {prog}: {out.stderr.strip()}")
    words, start = [], None
    for line in out.stdout.splitlines():
        m = re.match(r"^([0-7]{6})/ ([0-7]{12})", line)
        if m:
            words.append((m.group(1), m.group(2)))
        elif line.startswith("start "):
            start = line.split()[1]
    return words, start


def simh_script(words, start):
    lines = [f"d {a} {w}" for a, w in words]
    lines += [f"d pc {start}", "go", "e 0-17", "quit"]
    return "\n".join(lines) + "\n"


def run_simh(pdp10, script, tmp):
    path = os.path.join(tmp, "prog.sim")
    with open(path, "w") as f:
        f.write(script)
    t0 = time.perf_counter()
    out = run(["timeout", "600", pdp10, path], stdin=subprocess.DEVNULL)
    secs = time.perf_counter() - t0
    m = re.search(r"HALT instruction, PC: ([0-7]{6})", out.stdout)
    acs = re.findall(r"^\s*([0-7]+):\s+([0-7]{12})", out.stdout, re.M)
    if not m or len(acs) != 16:
        sys.exit("engines: simh did not halt cleanly:\n" + out.stdout[-2000:])
    return secs, m.group(1), [w for _, w in acs]


def run_tenvm(tenvm, engine, prog, tmp):
    js = os.path.join(tmp, "stats.json")
    out = run([tenvm, "run", "--mode", "bare", "--engine", engine, "--max-insns", "0", "--stats-json", js,
               "--examine", "0-17", "--state", prog], stdin=subprocess.DEVNULL)
    if out.returncode:
        sys.exit(f"engines: tenvm {engine} {prog} exited {out.returncode}: {out.stderr.strip()}")
    with open(js) as f:
        st = json.load(f)
    acs = re.findall(r"^0000[0-7]{2}: ([0-7]{12})$", out.stdout, re.M)
    pc = re.search(r"^PC: ([0-7]{6})$", out.stdout, re.M).group(1)
    return st, pc, acs


def fmt(xs):
    med = statistics.median(xs)
    return f"{med:7.1f} ({min(xs):.0f}-{max(xs):.0f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tenvm", default=os.path.join(ROOT, "build", "tenvm"))
    ap.add_argument("--pdp10", default=shutil.which("pdp10") or "/usr/bin/pdp10")
    ap.add_argument("programs", nargs="*",
                    default=[os.path.join(HERE, p) for p in ("loop.mac", "sieve.mac", "fib.mac")])
    a = ap.parse_args()
    have_simh = os.path.exists(a.pdp10)
    tmp = tempfile.mkdtemp()
    if have_simh:   # simh's start-up: the same script shape around one HALT
        base = statistics.median(run_simh(a.pdp10, simh_script([("001000", "254200001000")], "001000"), tmp)[0]
                                 for _ in range(3))
    rows = []
    for prog in a.programs:
        words, start = image(a.tenvm, prog)
        mips = {"simh": [], "interp": [], "bt": []}
        results, insns, hit = set(), None, None
        for _ in range(a.runs):
            for engine in ("interp", "bt"):
                st, pc, acs = run_tenvm(a.tenvm, engine, prog, tmp)
                insns = st["insns"]
                mips[engine].append(st["mips"])
                results.add((pc, tuple(acs)))
                if engine == "bt":
                    hit = st["hit_rate"]
            if have_simh:
                secs, pc, acs = run_simh(a.pdp10, simh_script(words, start), tmp)
                mips["simh"].append(insns / max(secs - base, 1e-9) / 1e6)
                results.add((pc, tuple(acs)))
        if len(results) != 1:
            sys.exit(f"engines: {os.path.basename(prog)}: the engines disagree on the final PC and ACs")
        rows.append((os.path.basename(prog), insns, mips, hit))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Guest MIPS, median of {a.runs} runs (min-max); host: {cpu}, {os.cpu_count()} cores\n")
    print("| program | guest insns | simh pdp10 | tenvm interp | tenvm bt | interp/simh | bt/simh | bt/interp | bt hit rate |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, m, hit in rows:
        med = {k: statistics.median(v) if v else float("nan") for k, v in m.items()}
        simh = fmt(m["simh"]) if m["simh"] else "n/a"
        print(f"| {name} | {n:,} | {simh} | {fmt(m['interp'])} | {fmt(m['bt'])} | "
              f"{med['interp'] / med['simh']:.2f} | {med['bt'] / med['simh']:.2f} | "
              f"{med['bt'] / med['interp']:.2f} | {100 * hit:.4f}% |")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
