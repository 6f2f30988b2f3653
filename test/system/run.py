#!/usr/bin/env python3
r"""Ferrite system tests: boot real images in QEMU and check the serial console.

Each test case is a small declarative file in test/system/cases/*.case (format described in
docs/testing.md and at the top of every case). Phase 1 builds every image the selected cases need,
serially through make (the build is not safe to run concurrently for one board). Phase 2 runs the
QEMU commands `make print-qemu` gives, in parallel, each with a timeout, console captured to
build/test/<case>-<board>-<boot>.log. Ends with "system: N passed, N failed".

QEMU's serial console is its stdio (`-serial mon:stdio`); the harness reads it as it streams and
writes to it, so a case can type into the guest:
  type: TEXT    sends TEXT to the guest's serial input once every `expect:` line above it has
                matched, in order (so typing never races the guest). Escapes: \n \r \t \b \\ and
                \xNN (e.g. \x04 for ^D); leading and trailing blanks are dropped (use \x20).
                The expect just before a type line may match a line the guest has not ended yet
                (a prompt such as "% ") once the console has been quiet for PROMPT_QUIET; the next expect may match that same line again once it
                is complete (with the typed echo on it). Other expects match whole lines, or the
                last line once QEMU has exited. ^A (\x01) is QEMU's monitor escape on mon:stdio: the harness
                doubles it, so the guest receives one ^A.
  exit: none    the guest is not expected to power off (a shell never exits): the harness stops
                QEMU as soon as every expect has matched and the case passes (reject and last
                are still checked on what was printed up to then).

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import fnmatch
import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES_DIR = os.path.join(TOP, "test", "system", "cases")
LOG_DIR = os.path.join(TOP, "build", "test")

# Terminal control sequences GRUB and firmware print; stripped before matching.
ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[()][A-Z0-9]|[=>])")


def read_boards():
    """Every bootable (board, boot) pair and each board's ARCH, from boards/*.mk."""
    boards = {}
    bdir = os.path.join(TOP, "boards")
    for name in sorted(os.listdir(bdir)):
        if not name.endswith(".mk"):
            continue
        values = {}
        with open(os.path.join(bdir, name)) as f:
            for line in f:
                m = re.match(r"^([A-Z_a-z0-9]+)\s*:?=\s*(.*?)\s*$", line)
                if m:
                    values[m.group(1)] = m.group(2)
        boots = values.get("BOARD_BOOTS", "").split()
        # Boards with an empty BOARD_BOOTS are not buildable yet (mk/board.mk refuses them);
        # boards with no QEMU (the ESP32-C6) are built and checked by other tests, not booted.
        if boots and values.get("QEMU"):
            boards[name[:-3]] = {"arch": values.get("ARCH", "?"), "boots": boots}
    return boards


class CaseError(Exception):
    pass


def parse_case(path):
    """Reads one case file: `key: value` lines, '#' comments (the first says what it proves)."""
    case = {"name": os.path.basename(path)[:-5], "path": path, "proves": "", "pairs": None,
            "cmdline": "", "qemu": "", "make": [], "expect": [], "reject": [], "last": None, "exit": [],
            "timeout": 30.0, "type": []}
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("#"):
                if not case["proves"]:
                    case["proves"] = line.lstrip()[1:].strip()
                continue
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            where = "%s:%d" % (path, lineno)
            if not sep:
                raise CaseError("%s: expected `key: value`" % where)
            if key == "pairs":
                case["pairs"] = value.split()
            elif key == "cmdline":
                case["cmdline"] = value
            elif key == "make":
                # Extra make variables for this case (board switches such as GIC=3 EL2=1).
                case["make"] = value.split()
            elif key == "qemu":
                # Extra QEMU arguments for this case, e.g. -icount to make guest time count
                # instructions so that timing checks do not depend on how busy the host is.
                case["qemu"] = value
            elif key in ("expect", "reject", "last"):
                try:
                    re.compile(value)
                except re.error as e:
                    raise CaseError("%s: bad regex: %s" % (where, e))
                if key == "last":
                    case["last"] = value
                else:
                    case[key].append(value)
            elif key == "type":
                # Sent once the expects above it have matched: (how many expects, bytes).
                try:
                    text = unescape(value)
                except ValueError as e:
                    raise CaseError("%s: %s" % (where, e))
                case["type"].append((len(case["expect"]), text))
            elif key == "exit":
                # exit: poweroff | none | <status> [board-glob ...]; the first matching line wins.
                words = value.split()
                if not words or not (words[0] in ("poweroff", "none") or words[0].isdigit()):
                    raise CaseError("%s: exit wants `poweroff`, `none` or a number" % where)
                case["exit"].append((words[0], words[1:] or ["*"]))
            elif key == "timeout":
                case["timeout"] = float(value)
            else:
                raise CaseError("%s: unknown key %r" % (where, key))
    if case["pairs"] is None:
        raise CaseError("%s: no `pairs:` line" % path)
    if not case["exit"]:
        raise CaseError("%s: no `exit:` line" % path)
    if "'" in case["cmdline"]:
        raise CaseError("%s: the command line cannot contain a single quote" % path)
    return case


def unescape(value):
    """A type: line's text as bytes: \\n \\r \\t \\b \\\\ \\xNN escapes, everything else literal."""
    out = bytearray()
    i = 0
    while i < len(value):
        c = value[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        nxt = value[i + 1:i + 2]
        if nxt in ("n", "r", "t", "b", "\\"):
            out += {"n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "\\": b"\\"}[nxt]
            i += 2
        elif nxt == "x" and re.match(r"[0-9a-fA-F]{2}$", value[i + 2:i + 4]):
            out.append(int(value[i + 2:i + 4], 16))
            i += 4
        else:
            raise ValueError("bad escape in %r at column %d (known: \\n \\r \\t \\b \\\\ \\xNN)"
                             % (value, i + 1))
    if not out:
        raise ValueError("type: wants some text")
    return bytes(out)


def expand_pairs(case, boards):
    pairs = []
    for spec in case["pairs"]:
        if spec == "all":
            pairs += [(b, m) for b in boards for m in boards[b]["boots"]]
            continue
        board, _, boot = spec.partition(":")
        for b in boards:
            if fnmatch.fnmatch(b, board):
                pairs += [(b, m) for m in boards[b]["boots"] if not boot or m == boot]
    seen, out = set(), []
    for p in pairs:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def make(args, **kw):
    return subprocess.run(["make", "-s", "--no-print-directory", "-C", TOP] + args,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)


QEMU_WARNING = re.compile(r"^qemu-system-[a-z0-9_]+: warning: ")


def console_line(raw):
    """One console line (bytes, no LF) as a terminal shows it: a bare CR starts the line again."""
    line = ANSI.sub("", raw.decode("utf-8", errors="replace")).rstrip("\r")
    return line.rsplit("\r", 1)[-1]


def console_lines(data):
    """Console bytes as lines, as a terminal would show them."""
    lines = [console_line(raw) for raw in data.split(b"\n")]
    # QEMU's own warnings (stderr shares the log) are not console output: an -icount run warns
    # "icount sleep disabled and no active timers" once the powered-off guest stops.
    lines = [l for l in lines if not QEMU_WARNING.match(l)]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


# How long the console must have been quiet before a line without its newline counts as a prompt:
# a line still being printed must not be taken for one (typing would race the rest of it).
PROMPT_QUIET = 0.15


class Matcher:
    """Matches a case's expects in order against the console as it streams, and says what to type
    when. Complete lines are matched as they arrive; the line still being written only by an
    expect that a type: line follows (a prompt) once the console has been quiet PROMPT_QUIET
    seconds, or once the console has ended."""

    def __init__(self, case, job):
        self.expect = [re.compile(subst(r, job)) for r in case["expect"]]
        self.types = list(case["type"])  # (expects that must have matched, bytes), in order
        self.matched = 0                 # expects matched so far
        self.at = 0                      # the line the next expect is searched from
        self.lines = []                  # complete lines so far
        self.pending = b""               # the line still being written
        self.prompt_line = -1            # the index of the last line matched as a prompt
        self.last = time.monotonic()     # when console bytes last arrived

    def feed(self, data, ended=False):
        """Takes console bytes (b"" to look again after a quiet spell); returns the bytes to
        type now."""
        if data:
            self.last = time.monotonic()
        parts = (self.pending + data).split(b"\n")
        self.pending = parts.pop()
        for raw in parts:
            line = console_line(raw)
            if not QEMU_WARNING.match(line):
                self.lines.append(line)
        out = b""
        while True:
            while self.types and self.types[0][0] <= self.matched:
                out += self.types.pop(0)[1]
            if self.matched == len(self.expect) or not self._match_next(ended):
                return out

    def _match_next(self, ended):
        r = self.expect[self.matched]
        for i in range(self.at, len(self.lines)):
            if r.search(self.lines[i]):
                self.at = i + 1
                self.matched += 1
                return True
        # A prompt is matched while still being written, once: after the text typed there, the
        # same line can be matched again only when it is complete (with the echo on it).
        prompt = bool(self.types) and self.types[0][0] == self.matched + 1
        quiet = time.monotonic() - self.last >= PROMPT_QUIET
        partial_ok = ended or (prompt and quiet and self.prompt_line != len(self.lines))
        if partial_ok and self.pending and r.search(console_line(self.pending)):
            self.at = self.prompt_line = len(self.lines)
            self.matched += 1
            return True
        return False

    def done(self):
        return self.matched == len(self.expect)


def subst(regex, job):
    for key in ("BOARD", "ARCH", "BOOT"):
        regex = regex.replace("$" + key, re.escape(job[key.lower()]))
    return regex


def exit_rule(case, job):
    """The first exit: line naming the job's board: "poweroff", "none" or a number."""
    for value, globs in case["exit"]:
        if any(fnmatch.fnmatch(job["board"], g) for g in globs):
            return value
    return None


def expected_status(case, job):
    value = exit_rule(case, job)
    if value is None or value == "none":
        return None
    return job["poweroff"] if value == "poweroff" else int(value)


def check(case, job, status, lines, timed_out, matcher):
    """Returns a list of what went wrong (empty on success)."""
    problems = []
    if timed_out:
        if exit_rule(case, job) == "none":
            problems.append("not every expect matched within %gs" % case["timeout"])
        else:
            problems.append("QEMU did not exit within %gs" % case["timeout"])
    if not matcher.done():
        regex = subst(case["expect"][matcher.matched], job)
        problems.append("expected, in order after line %d: /%s/" % (matcher.at, regex))
        if matcher.types:
            problems.append("not typed: %r" % b"".join(t for _, t in matcher.types))
    for regex in case["reject"]:
        r = re.compile(subst(regex, job))
        for i, line in enumerate(lines):
            if r.search(line):
                problems.append("line %d must not appear: %r (matches /%s/)" % (i + 1, line, regex))
                break
    if case["last"] is not None:
        r = re.compile(subst(case["last"], job))
        last = lines[-1] if lines else ""
        if not r.search(last):
            problems.append("the last console line must match /%s/, it is %r" % (case["last"], last))
    want = expected_status(case, job)
    if not timed_out and want is not None and status != want:
        problems.append("QEMU exit status %s, expected %d" % (status, want))
    return problems


def monitor_escape(data):
    """mon:stdio takes ^A as its escape key; ^A ^A gives the guest one ^A."""
    return data.replace(b"\x01", b"\x01\x01")


def run_job(case, job):
    log = os.path.join(LOG_DIR, "%s-%s-%s.log" % (case["name"], job["board"], job["boot"]))
    start = time.monotonic()
    deadline = start + case["timeout"]
    stop_when_done = exit_rule(case, job) == "none"
    matcher = Matcher(case, job)
    data = bytearray()
    timed_out = stopped = False
    with open(log, "wb") as out:
        # A session of its own, so a timeout can kill QEMU and anything it started. The console
        # is read as it streams (to type at the right moment) and saved as it comes.
        proc = subprocess.Popen(["bash", "-c", job["qemu"]], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        fd = proc.stdout.fileno()
        os.set_blocking(fd, False)
        sel = selectors.DefaultSelector()
        sel.register(fd, selectors.EVENT_READ)
        ended = False
        while not ended:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            chunk = b""
            if sel.select(timeout=min(left, PROMPT_QUIET / 3)):
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                ended = not chunk
                out.write(chunk)
                out.flush()
                data += chunk
            typed = matcher.feed(chunk, ended)
            if typed and not ended:
                try:
                    proc.stdin.write(monitor_escape(typed))
                    proc.stdin.flush()
                except BrokenPipeError:
                    pass  # QEMU is gone; the unmatched expects say so
            if stop_when_done and matcher.done():
                stopped = True
                break
        sel.close()
        if timed_out or stopped:
            os.killpg(proc.pid, signal.SIGKILL)
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
        status = proc.wait()
        proc.stdout.close()
    took = time.monotonic() - start
    lines = console_lines(bytes(data))
    return check(case, job, status, lines, timed_out, matcher), lines, took, log


def main():
    ap = argparse.ArgumentParser(description="Ferrite system tests (QEMU boot matrix).")
    ap.add_argument("-k", metavar="PATTERN",
                    help="run only case+pairs whose 'case board boot' contains PATTERN (a regex)")
    ap.add_argument("--list", action="store_true", help="list the case+pairs and exit")
    ap.add_argument("-j", type=int, default=len(os.sched_getaffinity(0)),
                    help="QEMU instances at once (default: the number of CPUs)")
    opts = ap.parse_args()

    boards = read_boards()
    try:
        cases = [parse_case(os.path.join(CASES_DIR, n))
                 for n in sorted(os.listdir(CASES_DIR)) if n.endswith(".case")]
    except CaseError as e:
        print("system: bad case file: %s" % e)
        print("system: 0 passed, 1 failed")
        return 1

    jobs = []
    for case in cases:
        for board, boot in expand_pairs(case, boards):
            job = {"board": board, "boot": boot, "arch": boards[board]["arch"]}
            if opts.k and not re.search(opts.k, "%s %s %s" % (case["name"], board, boot)):
                continue
            jobs.append((case, job))

    if opts.list:
        for case, job in jobs:
            print("%-10s %-20s %-4s  %s" % (case["name"], job["board"], job["boot"],
                                              re.sub(r"^Proves:\s*", "", case["proves"])))
        return 0
    if not jobs:
        print("system: no case matches")
        print("system: 0 passed, 0 failed")
        return 0

    os.makedirs(LOG_DIR, exist_ok=True)
    passed = failed = skipped = 0
    runnable = []
    # A pair that cannot boot on this machine (Limine not installed, say) is skipped, saying why.
    skip_reason = {}
    for case, job in jobs:
        pair = (job["board"], job["boot"])
        if pair not in skip_reason:
            r = make(["BOARD=" + pair[0], "BOOT=" + pair[1], "print-skip"])
            # A failing print-skip is reported by the build step below, not hidden here.
            skip_reason[pair] = r.stdout.strip() if r.returncode == 0 else ""
    kept = []
    for case, job in jobs:
        reason = skip_reason[(job["board"], job["boot"])]
        if reason:
            skipped += 1
            print("SKIP  %-10s %-20s %-4s  %s" % (case["name"], job["board"], job["boot"], reason))
        else:
            kept.append((case, job))
    jobs = kept
    # Phase 1: build serially; make is not run concurrently on one build directory.
    print("system: building %d images" % len(jobs), flush=True)
    for case, job in jobs:
        var = ["BOARD=" + job["board"], "BOOT=" + job["boot"], "CMDLINE=" + case["cmdline"]]
        var += case["make"]
        b = make(var + ["image"])
        q = make(var + ["print-qemu", "print-poweroff-status"]) if b.returncode == 0 else b
        if b.returncode != 0 or q.returncode != 0:
            failed += 1
            print("FAIL  %-10s %-20s %-4s  build failed:" % (case["name"], job["board"], job["boot"]))
            for line in (b.stdout + b.stderr + q.stdout + q.stderr).splitlines()[-20:]:
                print("    " + line)
            continue
        out = q.stdout.strip().splitlines()
        if len(out) < 2 or not out[-1].strip().isdigit():
            failed += 1
            print("FAIL  %-10s %-20s %-4s  make print-qemu gave no command:" % (case["name"], job["board"], job["boot"]))
            for line in (q.stdout + q.stderr).splitlines()[-20:]:
                print("    " + line)
            continue
        qemu, poweroff = out[-2:]
        job["qemu"], job["poweroff"] = qemu + (" " + case["qemu"] if case["qemu"] else ""), int(poweroff)
        runnable.append((case, job))

    # Phase 2: run QEMU in parallel; report each result as it arrives.
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.j)) as pool:
        futures = {pool.submit(run_job, case, job): (case, job) for case, job in runnable}
        for fut in concurrent.futures.as_completed(futures):
            case, job = futures[fut]
            problems, lines, took, log = fut.result()
            with lock:
                tag = "PASS" if not problems else "FAIL"
                print("%s  %-10s %-20s %-4s %5.1fs" % (tag, case["name"], job["board"], job["boot"], took))
                if problems:
                    failed += 1
                    print("    proves: %s" % case["proves"])
                    print("    command line: %r" % case["cmdline"])
                    for p in problems:
                        print("    " + p)
                    print("    last 20 console lines (%s):" % os.path.relpath(log, TOP))
                    for line in lines[-20:]:
                        print("    | " + line)
                else:
                    passed += 1
                sys.stdout.flush()

    print("system: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
