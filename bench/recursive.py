#!/usr/bin/env python3
"""recursive.py — what each level of vmm10 (guests/vmm10.mac) costs.

Runs guests bare and under 1, 2 and 3 levels of vmm10 on the repaired machine
(tenvm run --mode bare --cpu ka10-vmx), and prints a Markdown table: the real
machine's instructions (exact, from --state), their ratio to the level below,
and host time (the median of --runs runs; noisy on a shared machine).
Usage: bench/recursive.py [--tenvm build/tenvm] [--runs 5] [GUEST.mac ...]
"""
import argparse
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VMM10 = os.path.join(ROOT, "guests", "vmm10.mac")
BASE = 0o20000   # vmm10's guest region starts at its 20000


def command(tenvm, guest, depth):
    """The command line for guest under depth levels of vmm10."""
    cmd = [tenvm, "run", "--mode", "bare", "--cpu", "ka10-vmx", "--state", "--max-insns", "0"]
    if depth == 0:
        return cmd + [guest]
    cmd.append(VMM10)
    for k in range(1, depth):
        cmd += ["--load", "%s@%o" % (VMM10, BASE * k)]
    return cmd + ["--load", "%s@%o" % (guest, BASE * depth)]


def run(cmd):
    """(instructions, TTY output, host seconds) of one run."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t0
    insns = next(int(l.split()[1]) for l in p.stdout.splitlines() if l.startswith("INSNS:"))
    tty = "\n".join(l for l in p.stdout.splitlines() if not l.startswith(("PC:", "FLAGS:", "INSNS:")))
    return insns, tty, dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tenvm", default=os.path.join(ROOT, "build", "tenvm"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("guests", nargs="*")
    a = ap.parse_args()
    guests = a.guests or [os.path.join(ROOT, "guests", g + ".mac")
                          for g in ("hello", "arith", "modeleak", "protect", "sieve")]
    print("| guest | depth | instructions | x previous level | host ms (median of %d) | same TTY as bare |" % a.runs)
    print("|---|---:|---:|---:|---:|---|")
    for g in guests:
        prev = None
        bare_tty = None
        for d in range(a.depth + 1):
            cmd = command(a.tenvm, g, d)
            res = [run(cmd) for _ in range(a.runs)]
            insns, tty = res[0][0], res[0][1]
            if bare_tty is None:
                bare_tty = tty
            ms = statistics.median(r[2] for r in res) * 1000
            ratio = "%.2f" % (insns / prev) if prev else "-"
            print("| %s | %d | %s | %s | %.1f | %s |" % (os.path.basename(g), d, format(insns, ","), ratio, ms,
                                                    "yes" if tty == bare_tty else "NO"))
            prev = insns


if __name__ == "__main__":
    main()
