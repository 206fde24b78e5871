"""benchlib.py — what the benchmark scripts share: running tenvm, simh and callgrind, and the statistics.

Nothing here measures by itself.  It runs `build/tenvm run` (with --stats-json,
--examine 0-17 and --state, so each run gives its statistics and its final PC,
ACs, instruction count and TTY output), simh's `pdp10` on a program deposited by
a script (the words `tenvm disasm` prints), and either of them under
`valgrind --tool=callgrind` for a count of host instructions, which unlike a time
is the same on every run.  Every run has a timeout; a run that fails raises
BenchError with a message naming the program, the mode and the engine.

It also makes sized copies of the bench/ programs (whose iteration count is a
word in the source: the copy under a temporary directory gets another value),
finds labels in an assembly listing, and formats medians with their spread.
Used by bench/engines.py, bench/vmm.py and bench/report.py with its report_*.py sections;
standard library only.
"""
import json, os, re, shlex, shutil, statistics, subprocess, tempfile, time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TENVM = os.path.join(ROOT, "build", "tenvm")
PDP10 = shutil.which("pdp10") or "/usr/bin/pdp10"
MODES = ("bare", "trap", "hybrid")
TIMEOUT = 300                   # seconds for any one run


class BenchError(Exception):
    """A run failed; the message says which program, mode and engine, and how."""


def short(path):
    """A path as the report shows it: relative to the repository when inside it."""
    rel = os.path.relpath(path, ROOT)
    return path if rel.startswith("..") else rel


def run(cmd, what, timeout=TIMEOUT, stdin=subprocess.DEVNULL):
    """Run cmd, capturing its output; BenchError naming `what` if it cannot start or times out."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=stdin)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what}: no answer after {timeout} s (command: {shlex.join(cmd)})")
    except OSError as e:
        raise BenchError(f"{what}: cannot run {cmd[0]}: {e}")


# ---- callgrind ----

def callgrind_prefix(out_file="/dev/null"):
    return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"]


def callgrind_count(stderr, what):
    """The host instructions callgrind counted ("I refs") from its report on stderr."""
    m = re.search(r"I\s+refs:\s+([\d,]+)", stderr)
    if not m:
        raise BenchError(f"{what}: no callgrind count in its output:\n{stderr[-1500:]}")
    return int(m.group(1).replace(",", ""))


# ---- tenvm ----

@dataclass
class Run:
    """One tenvm run: its statistics (--stats-json), final state and output."""
    stats: dict
    pc: str
    acs: tuple
    insns: int
    tty: str
    status: int                 # 0 halted, 3 the instruction budget ran out
    host_insns: int = None      # under callgrind: the host instructions of the whole process
    wall: float = 0.0           # the whole process, seconds

    @property
    def state(self):
        """What must be equal for two runs to have done the same thing."""
        return (self.pc, self.acs, self.insns, self.tty)

    @property
    def halted(self):
        return self.status == 0


def describe(prog, mode, engine, switches=None):
    sw = f", switches {switches}" if switches else ""
    return f"{short(prog)} ({mode}, {engine}{sw})"


def run_tenvm(prog, mode="bare", engine="bt", *, tenvm=None, switches=None, options=(),
              max_insns=0, curve=None, curve_step=None, callgrind=False, allow_budget=False,
              timeout=TIMEOUT):
    """Run prog once and return a Run.  `switches` is an octal string or an int (shown in octal).
    With allow_budget a run stopped by --max-insns is returned (status 3); else it is an error."""
    if isinstance(switches, int):
        switches = format(switches, "o")
    what = describe(prog, mode, engine, switches)
    fd, js = tempfile.mkstemp(suffix=".json", prefix="tenvm-stats-")
    os.close(fd)
    cmd = [tenvm or TENVM, "run", "--mode", mode, "--engine", engine, "--max-insns", str(max_insns),
           "--stats-json", js, "--examine", "0-17", "--state"]
    if switches:
        cmd += ["--switches", switches]
    if curve:
        cmd += ["--cache-curve", curve] + (["--curve-step", str(curve_step)] if curve_step else [])
    cmd += list(options) + [prog]
    if callgrind:
        cmd = callgrind_prefix() + cmd
    try:
        t0 = time.perf_counter()
        out = run(cmd, what, timeout)
        wall = time.perf_counter() - t0
        ok = out.returncode == 0 or (allow_budget and out.returncode == 3)
        if not ok:
            why = "ran out of its instruction budget" if out.returncode == 3 else f"exited {out.returncode}"
            raise BenchError(f"{what}: tenvm {why}: {out.stderr.strip()[-1500:]}")
        with open(js) as f:
            st = json.load(f)
    except (OSError, ValueError) as e:
        raise BenchError(f"{what}: no statistics from tenvm: {e}")
    finally:
        os.remove(js)
    acs = tuple(re.findall(r"^0000[0-7]{2}: ([0-7]{12})$", out.stdout, re.M))
    pc = re.search(r"^PC: ([0-7]{6})$", out.stdout, re.M)
    if len(acs) != 16 or not pc:
        raise BenchError(f"{what}: tenvm printed no final state:\n{out.stdout[-800:]}")
    cut = out.stdout.rfind("000000: ")
    host = callgrind_count(out.stderr, what) if callgrind else None
    return Run(st, pc.group(1), acs, st["insns"], out.stdout[:cut], out.returncode, host, wall)


def compare(prog, engine="bt", *, tenvm=None, switches=None, options=(), max_insns=0, timeout=TIMEOUT):
    """`tenvm compare --json` on prog: {mode: its entry in the JSON} for bare, trap and hybrid.
    This is the one judge of whether a mode's run equals bare's (the whole machine state at
    every checkpoint, and the TTY output); see verdict()."""
    if isinstance(switches, int):
        switches = format(switches, "o")
    what = f"{short(prog)} (compare, {engine})"
    fd, js = tempfile.mkstemp(suffix=".json", prefix="tenvm-compare-")
    os.close(fd)
    cmd = [tenvm or TENVM, "compare", "--json", js, "--engine", engine, "--max-insns", str(max_insns)]
    cmd += (["--switches", switches] if switches else []) + list(options) + [prog]
    try:
        out = run(cmd, what, timeout)
        if out.returncode:
            raise BenchError(f"{what}: tenvm exited {out.returncode}: {out.stderr.strip()[-1500:]}")
        with open(js) as f:
            return {m["mode"]: m for m in json.load(f)["modes"]}
    except (OSError, ValueError) as e:
        raise BenchError(f"{what}: no JSON from tenvm compare: {e}")
    finally:
        os.remove(js)


def verdict(modes, mode):
    """How mode's run compares with bare's, by `tenvm compare`: "" when it equals bare throughout;
    "same output, different state: ..." when it ends as bare does with the same TTY output but
    its state differed on the way; else "diverges: ...".  `modes` is what compare() returns."""
    m, bare = modes[mode], modes["bare"]
    if m["equal"]:
        return ""
    d = m.get("divergence") or {}
    where = (f"from instruction {d['insns']:,} ({d['pc']} {d['instruction']}: {', '.join(d['differs'])})"
             if d else "at the end")
    same_end = m["tty_equal"] and (m["stop"], m["pc"]) == (bare["stop"], bare["pc"])
    if same_end:
        return f"same output, different state {where}"
    ends = [] if m["tty_equal"] else ["TTY output differs"]
    if (m["stop"], m["pc"]) != (bare["stop"], bare["pc"]):
        ends.append(f"ends {m['stop']} at {m['pc']}, bare {bare['stop']} at {bare['pc']}")
    return f"diverges {where}; " + "; ".join(ends)


def label_address(src, label, tenvm=None):
    """The octal address of `label:` in MACRO-10 source, from tenvm's listing (None if absent)."""
    fd, sav = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        out = run([tenvm or TENVM, "asm", src, "-o", sav, "--listing"], f"{short(src)} (assembling)")
    finally:
        os.remove(sav)
    if out.returncode:
        raise BenchError(f"{short(src)}: does not assemble: {out.stderr.strip()}")
    m = re.search(rf"^([0-7]{{6}})\s+[0-7]{{6}} [0-7]{{6}}\s+{re.escape(label)}:", out.stdout, re.M)
    return m.group(1) if m else None


# ---- simh ----

def image(prog, tenvm=None):
    """The words a program loads and its start address, from `tenvm disasm`."""
    out = run([tenvm or TENVM, "disasm", prog], f"{short(prog)} (disasm)")
    if out.returncode:
        raise BenchError(f"{short(prog)}: {out.stderr.strip()}")
    words, start = [], None
    for line in out.stdout.splitlines():
        m = re.match(r"^([0-7]{6})/ ([0-7]{12})", line)
        if m:
            words.append((m.group(1), m.group(2)))
        elif line.startswith("start "):
            start = line.split()[1]
    return words, start


def simh_script(words, start):
    """A simh script that deposits the words, runs from start and prints the ACs."""
    lines = [f"d {a} {w}" for a, w in words]
    lines += [f"d pc {start}", "go", "e 0-17", "quit"]
    return "\n".join(lines) + "\n"


HALT_SCRIPT = simh_script([("001000", "254200001000")], "001000")   # simh's start-up alone


def run_simh(script, tmp, pdp10=None, what="simh", callgrind=False):
    """Run a simh script; (seconds of the whole process, halt PC, ACs, host instructions or None)."""
    fd, path = tempfile.mkstemp(suffix=".sim", dir=tmp)
    with os.fdopen(fd, "w") as f:
        f.write(script)
    cmd = (callgrind_prefix() if callgrind else []) + [pdp10 or PDP10, path]
    t0 = time.perf_counter()
    out = run(cmd, what)
    secs = time.perf_counter() - t0
    os.remove(path)
    m = re.search(r"HALT instruction, PC: ([0-7]{6})", out.stdout)
    acs = re.findall(r"^\s*([0-7]+):\s+([0-7]{12})", out.stdout, re.M)
    if not m or len(acs) != 16:
        raise BenchError(f"{what}: simh did not halt cleanly:\n" + out.stdout[-2000:])
    host = callgrind_count(out.stderr, what) if callgrind else None
    return secs, m.group(1), tuple(w for _, w in acs), host


def simh_startup(tmp, pdp10=None, runs=3):
    """The median time simh takes to start, run one HALT and quit."""
    return statistics.median(run_simh(HALT_SCRIPT, tmp, pdp10, "simh (start-up)")[0] for _ in range(runs))


def simh_version(pdp10=None):
    """simh's banner ("PDP-10 simulator V3.8-1") and Debian's package version, as far as known."""
    pdp10 = pdp10 or PDP10
    if not os.path.exists(pdp10):
        return "not installed"
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "q.sim")
        with open(path, "w") as f:
            f.write("quit\n")
        out = run([pdp10, path], "simh (version)", timeout=30)
        banner = next((l.strip() for l in out.stdout.splitlines() if "simulator" in l), "?")
    finally:
        shutil.rmtree(tmp)
    deb = run(["dpkg-query", "-W", "-f=${Version}", "simh"], "dpkg-query", timeout=30)
    return banner + (f" (Debian simh {deb.stdout.strip()})" if deb.returncode == 0 else "")


# ---- sized copies of the bench/ programs ----

# Where each program keeps its iteration count: a regex whose group 1 precedes the number.
COUNT_WORD = {
    "loop.mac": r"(LOC\s+1020\s*\n\s*)\^D\d+",     # N iterations: 4N+4 instructions
    "sieve.mac": r"(REPS:\s+)\^D\d+",               # passes of the sieve
    "fib.mac": r"(N:\s+)\^D\d+",                     # fib(N): grows as 1.6^N
    "cono.mac": r"(COUNT:\s+)\^D\d+",               # N passes of CONO, CONI, SOJG
}


def sized_copy(src, n, tmp):
    """A copy of bench/NAME.mac under tmp with its iteration count set to n (decimal)."""
    name = os.path.basename(src)
    if name not in COUNT_WORD:
        raise BenchError(f"{short(src)}: no known iteration-count word to set")
    with open(src) as f:
        text = f.read()
    new, k = re.subn(COUNT_WORD[name], lambda m: f"{m.group(1)}^D{n}", text, count=1)
    if k != 1:
        raise BenchError(f"{short(src)}: its iteration-count word is not where expected")
    path = os.path.join(tmp, f"{name[:-4]}-{n}.mac")
    with open(path, "w") as f:
        f.write(new)
    return path


# ---- statistics and formatting ----

def med(xs):
    return statistics.median(xs)


def fmt(xs, unit="", prec=1):
    """median (min-max), or n/a for no values."""
    if not xs:
        return "n/a"
    return f"{med(xs):,.{prec}f}{unit} ({min(xs):,.{prec}f}-{max(xs):,.{prec}f})"


def per_unit(small, large, n_small, n_large):
    """The cost of one unit from two sizes: start-up and other fixed costs cancel."""
    return (large - small) / (n_large - n_small)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        return "?"


def private_tenvm(tmp, tries=5):
    """Copy build/tenvm into tmp and use the copy from now on, so that a rebuild while the
    benchmarks run cannot change (or briefly remove) the binary being measured."""
    global TENVM
    copy = os.path.join(tmp, "tenvm")
    for _ in range(tries):
        try:
            shutil.copy2(TENVM, copy)
            if run([copy, "help"], "tenvm help", timeout=30).returncode == 0:
                TENVM = copy
                return copy
        except (OSError, BenchError):
            pass
        time.sleep(2)
    raise BenchError(f"{short(TENVM)}: cannot copy a working binary (is it being rebuilt?)")


def git_commit(ignore=None):
    """git rev-parse --short HEAD, with -dirty when the work tree has changes (outside the
    directory `ignore`, where a report being written lives)."""
    head = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], "git", timeout=30)
    if head.returncode:
        return "unknown"
    spec = [f":(exclude){os.path.relpath(ignore, ROOT)}"] if ignore else []
    dirty = run(["git", "--no-optional-locks", "-C", ROOT, "status", "--porcelain", "--", "."] + spec,
                "git", timeout=30).stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")


def table(head, rows, align):
    """A Markdown table; align has one letter per column, l or r."""
    sep = ["---:" if c == "r" else "---" for c in align]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(sep) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
