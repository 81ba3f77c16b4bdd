#!/usr/bin/env python3
"""The driver of benchmarks/soak.sh: sends, moves, samples, judges. Standard library only.

Threads: a sender (corpus mail over SMTP at a steady rate, each with a unique Subject), a mover
(one new delivery in N moved INBOX -> Spam over IMAP: a correction the retrain listener trains),
a tasker (every N minutes the periodic training and the purge task through WebAdmin, awaited),
optionally a fault injector (every M minutes the DLMTP peer James calls is stopped with SIGSTOP
for longer than the mailet's timeout, or killed -9 and restarted, in turn), and the main thread
sampling the James JVM every minute. At the end it waits for the spool to
drain, counts every sent Subject in the recipients' INBOX and Spam (lost = 0 copies, duplicated =
2+), and writes samples.csv and summary.md.
"""
import argparse
import csv
import imaplib
import json
import os
import signal
import socket
import random
import re
import smtplib
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

USERS = ["alice@example.org", "bob@example.org"]
PASSWORD = "demo"
MAILBOXES = ["INBOX", "Spam"]
GROWTH_LIMIT = 1.5
JUDGED = ["heap_after_gc_mb", "rss_mb", "fds", "threads"]


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=int, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--move-every", type=int, required=True)
    p.add_argument("--smtp-port", type=int, required=True)
    p.add_argument("--imap-port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--webadmin-port", type=int, required=True)
    p.add_argument("--tasks-every", type=int, default=0, help="minutes between task rounds; 0 = none")
    p.add_argument("--peer-pid", type=int, default=0, help="the DLMTP server James calls; with --faults-every")
    p.add_argument("--peer-port", type=int, default=0)
    p.add_argument("--peer-log", default=os.devnull, help="where a restarted peer writes")
    p.add_argument("--faults-every", type=int, default=0, help="minutes between faults; 0 = none")
    p.add_argument("--stop-seconds", type=int, default=40, help="SIGSTOP length, over the mailet's 30 s timeout")
    return p.parse_args()


def load_corpus(root):
    """Messages James did not train on (soak.sh trains easy-ham-2 and spam-1)."""
    messages = []
    for group in ["ham/easy-ham-1", "ham/hard-ham-1", "spam/spam-2"]:
        directory = os.path.join(root, group)
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name), "rb") as f:
                messages.append(f.read())
    random.Random(20261203).shuffle(messages)
    return messages


SUBJECT = re.compile(rb"^Subject:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n", re.IGNORECASE | re.MULTILINE)


def with_subject(message, subject):
    """The message with its Subject replaced (or added) by ours, CRLF line ends as SMTP wants."""
    head, sep, body = message.replace(b"\r\n", b"\n").partition(b"\n\n")
    head = SUBJECT.sub(b"", head + b"\n").rstrip(b"\n")
    text = b"Subject: " + subject.encode() + b"\n" + head + b"\n\n" + body
    return text.replace(b"\n", b"\r\n")


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = {}   # subject -> recipient
        self.refused = 0
        self.slots_skipped = 0  # send slots given up while SMTP was slower than the rate
        self.moved = 0
        self.move_failures = 0
        self.tasks = {}      # "training completed", "purge failed", "purge unsupported (501)"...
        self.task_failures = []
        self.faults = {}     # "SIGSTOP 40 s", "kill -9 + restart"
        self.fault_failure = None

    def count(self, table, key):
        with self.lock:
            table[key] = table.get(key, 0) + 1

    def accept(self, subject, rcpt):
        with self.lock:
            self.accepted[subject] = rcpt


class Sender(threading.Thread):
    def __init__(self, args, messages, counters, stop):
        super().__init__(daemon=True)
        self.args, self.messages, self.counters, self.stop = args, messages, counters, stop
        self.smtp = None

    def send(self, subject, rcpt, message):
        for attempt in range(2):
            try:
                if self.smtp is None:
                    self.smtp = smtplib.SMTP("127.0.0.1", self.args.smtp_port, timeout=120)
                    self.smtp.ehlo("soak.example.com")
                self.smtp.sendmail("soak@example.com", [rcpt], with_subject(message, subject))
                self.counters.accept(subject, rcpt)
                return True
            except (smtplib.SMTPException, OSError):
                try:
                    if self.smtp is not None:
                        self.smtp.close()
                except OSError:
                    pass
                self.smtp = None
        with self.counters.lock:
            self.counters.refused += 1
        return False

    def run(self):
        interval = 1.0 / self.args.rate
        due = time.monotonic()
        i = 0
        while not self.stop.is_set():
            delay = due - time.monotonic()
            if delay > 0:
                self.stop.wait(delay)
                if self.stop.is_set():
                    break
            elif -delay > interval:
                # Behind (a slow SMTP answer): resume the rate from now instead of sending the missed
                # slots in a burst, which would load James at many times the asked rate
                with self.counters.lock:
                    self.counters.slots_skipped += int(-delay / interval)
                due = time.monotonic()
            self.send("soak-%06d" % i, USERS[i % len(USERS)], self.messages[i % len(self.messages)])
            i += 1
            due += interval
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass


def imap_login(args, user):
    imap = imaplib.IMAP4("127.0.0.1", args.imap_port)
    imap.login(user, PASSWORD)
    return imap


def imap_logout(imap):
    """A server closing first is no failure of the run."""
    try:
        imap.logout()
    except (imaplib.IMAP4.error, imaplib.IMAP4.abort, OSError):
        pass


def retried(what, attempts=5):
    """what() again after a pause when IMAP or SMTP drops the connection (a loaded machine)."""
    for attempt in range(attempts):
        try:
            return what()
        except (imaplib.IMAP4.error, imaplib.IMAP4.abort, smtplib.SMTPException, OSError):
            if attempt == attempts - 1:
                raise
            time.sleep(2)


class Mover(threading.Thread):
    """Moves one new INBOX delivery in N into Spam, per user, as a user correcting DSPAM would."""

    def __init__(self, args, counters, stop):
        super().__init__(daemon=True)
        self.args, self.counters, self.stop = args, counters, stop

    def run(self):
        sessions = {}
        last_uid = {user: 0 for user in USERS}
        seen = {user: 0 for user in USERS}
        while not self.stop.wait(3):
            for user in USERS:
                try:
                    if user not in sessions:
                        sessions[user] = imap_login(self.args, user)
                    imap = sessions[user]
                    imap.select("INBOX")
                    typ, data = imap.uid("SEARCH", None, "UID", "%d:*" % (last_uid[user] + 1))
                    uids = [int(u) for u in data[0].split() if int(u) > last_uid[user]]
                    for uid in uids:
                        last_uid[user] = max(last_uid[user], uid)
                        seen[user] += 1
                        if seen[user] % self.args.move_every == 0:
                            typ, _ = imap.uid("MOVE", str(uid), "Spam")
                            with self.counters.lock:
                                if typ == "OK":
                                    self.counters.moved += 1
                                else:
                                    self.counters.move_failures += 1
                except (imaplib.IMAP4.error, imaplib.IMAP4.abort, OSError):
                    with self.counters.lock:
                        self.counters.move_failures += 1
                    stale = sessions.pop(user, None)
                    if stale is not None:
                        imap_logout(stale)
        for imap in sessions.values():
            imap_logout(imap)


def webadmin(args, method, path, timeout=60):
    """(HTTP status, decoded JSON body or text) of a WebAdmin call."""
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (args.webadmin_port, path), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    try:
        return status, json.loads(body or b"null")
    except ValueError:
        return status, body.decode(errors="replace")


class Tasker(threading.Thread):
    """Every N minutes: the periodic training task, then the purge task, each awaited to its end."""

    ROUNDS = [("training", "/dspam/training?sinceLastRun=true&messagesPerSecond=100&gracePeriod=1m"),
              ("purge", "/dspam/purge?signatureAge=14d")]

    def __init__(self, args, counters, stop):
        super().__init__(daemon=True)
        self.args, self.counters, self.stop = args, counters, stop

    def run_task(self, name, path):
        status, body = webadmin(self.args, "POST", path)
        if status == 501:  # purge with backend=dspamd: DLMTP has no such command (README)
            self.counters.count(self.counters.tasks, name + " unsupported (501)")
            return
        if status != 201 or not isinstance(body, dict) or "taskId" not in body:
            self.fail(name, "POST %s answered %d: %s" % (path, status, body))
            return
        status, task = webadmin(self.args, "GET", "/tasks/%s/await?timeout=10m" % body["taskId"], timeout=660)
        outcome = task.get("status") if isinstance(task, dict) else None
        if status == 200 and outcome == "completed":
            self.counters.count(self.counters.tasks, name + " completed")
        else:
            self.fail(name, "task %s ended %s (%d): %s" % (body["taskId"], outcome, status, task))

    def fail(self, name, why):
        self.counters.count(self.counters.tasks, name + " failed")
        with self.counters.lock:
            self.counters.task_failures.append(why)

    def run(self):
        while not self.stop.wait(self.args.tasks_every * 60):
            for name, path in self.ROUNDS:
                try:
                    self.run_task(name, path)
                except OSError as e:
                    self.fail(name, "%s: %r" % (name, e))


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


class FaultInjector(threading.Thread):
    """Every M minutes a fault on the DLMTP peer, in turn: SIGSTOP past the timeout, kill -9 + restart."""

    def __init__(self, args, counters, stop):
        super().__init__(daemon=True)
        self.args, self.counters, self.stop = args, counters, stop
        self.pid = args.peer_pid
        self.restarted = None  # the peer this driver started (it stops it at the end)
        # the command line and directory the peer was started with: a restart is the same process again
        with open("/proc/%d/cmdline" % self.pid, "rb") as f:
            self.command = [part.decode() for part in f.read().split(b"\0") if part]
        self.cwd = os.readlink("/proc/%d/cwd" % self.pid)

    def pause(self):
        os.kill(self.pid, signal.SIGSTOP)
        try:
            time.sleep(self.args.stop_seconds)
        finally:
            os.kill(self.pid, signal.SIGCONT)
        self.counters.count(self.counters.faults, "SIGSTOP %d s" % self.args.stop_seconds)

    def kill_and_restart(self):
        os.kill(self.pid, signal.SIGKILL)
        if self.restarted is not None:
            self.restarted.wait(30)
        deadline = time.monotonic() + 30
        while listening(self.args.peer_port) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(5)  # down for a while: James finds nobody listening
        with open(self.args.peer_log, "ab") as log:
            self.restarted = subprocess.Popen(self.command, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.restarted.pid
        deadline = time.monotonic() + 120
        while not listening(self.args.peer_port):
            if self.restarted.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the DLMTP peer did not restart (see %s)" % self.args.peer_log)
            time.sleep(0.5)
        self.counters.count(self.counters.faults, "kill -9 + restart")

    def run(self):
        faults = [self.pause, self.kill_and_restart]
        n = 0
        while not self.stop.wait(self.args.faults_every * 60):
            try:
                faults[n % len(faults)]()
            except (OSError, RuntimeError) as e:
                with self.counters.lock:
                    self.counters.fault_failure = "fault injection failed: %r" % (e,)
                return
            n += 1

    def close(self):
        if self.restarted is not None and self.restarted.poll() is None:
            self.restarted.terminate()
            try:
                self.restarted.wait(30)
            except subprocess.TimeoutExpired:
                self.restarted.kill()


def jvm_heap_after_gc_mb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=120)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    match = re.search(r"heap\s+total \d+K, used (\d+)K", info)
    return round(int(match.group(1)) / 1024, 1) if match else float("nan")


def proc_status(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise ValueError(field)


def peer_figures(pid):
    """RSS (MB), open fds and threads of the DLMTP peer; -1 without a peer or while it is being restarted."""
    try:
        if pid is None:
            return -1, -1, -1
        return (round(proc_status(pid, "VmRSS") / 1024, 1), len(os.listdir("/proc/%d/fd" % pid)),
                proc_status(pid, "Threads"))
    except (OSError, ValueError):
        return -1, -1, -1


def du_mb(path):
    out = subprocess.run(["du", "-sb", path], capture_output=True, text=True).stdout.split()
    return round(int(out[0]) / 1048576, 1) if out else 0.0


def mailbox_counts(args):
    total = 0
    for user in USERS:
        imap = imap_login(args, user)
        try:
            for mailbox in MAILBOXES:
                typ, data = imap.status(mailbox, "(MESSAGES)")
                total += int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))
        finally:
            imap_logout(imap)
    return total


def probe_latency_ms(args, sender_lock, n):
    """One mail to alice, timed from SMTP's 250 to the moment IMAP shows it (INBOX or Spam)."""
    subject = "probe-%04d" % n
    body = ("From: probe@example.com\r\nTo: %s\r\nSubject: %s\r\n\r\nsoak probe %d\r\n" % (USERS[0], subject, n)).encode()
    with sender_lock:
        with smtplib.SMTP("127.0.0.1", args.smtp_port, timeout=120) as smtp:
            smtp.sendmail("probe@example.com", [USERS[0]], body)
    sent = time.monotonic()
    imap = imap_login(args, USERS[0])
    try:
        while time.monotonic() - sent < 180:
            for mailbox in MAILBOXES:
                imap.select(mailbox, readonly=True)
                typ, data = imap.search(None, "HEADER", "Subject", subject)
                if data[0].split():
                    return subject, round((time.monotonic() - sent) * 1000)
            time.sleep(0.1)
    finally:
        imap_logout(imap)
    return subject, -1


def subjects_delivered(args):
    """Subject -> copies, and subject -> why unclassified ("" = DSPAM's verdict), over every user's INBOX and Spam."""
    copies = {}
    why = {}
    for user in USERS:
        imap = imap_login(args, user)
        try:
            for mailbox in MAILBOXES:
                typ, _ = imap.select(mailbox, readonly=True)
                typ, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT X-DSPAM-RESULT X-DSPAM-UNCLASSIFIED)])")
                if typ != "OK":
                    continue
                for item in data:
                    if isinstance(item, tuple):
                        match = re.search(rb"^Subject: *(\S+)", item[1], re.IGNORECASE | re.MULTILINE)
                        if match:
                            subject = match.group(1).decode()
                            copies[subject] = copies.get(subject, 0) + 1
                            reason = re.search(rb"^X-DSPAM-Unclassified: *([^\r\n]*)", item[1], re.IGNORECASE | re.MULTILINE)
                            verdict = re.search(rb"^X-DSPAM-Result:", item[1], re.IGNORECASE | re.MULTILINE)
                            why[subject] = "" if verdict else (reason.group(1).decode() if reason else "no header")
        finally:
            imap_logout(imap)
    return copies, why


def growth(rows, field):
    """Mean of the last quarter over the mean of the second quarter (None when too few samples)."""
    values = [row[field] for row in rows if row[field] == row[field]]
    if len(values) < 8:
        return None
    q = len(values) // 4
    second = statistics.mean(values[q:2 * q])
    last = statistics.mean(values[-q:])
    return last / second if second > 0 else None


def main():
    args = parse_args()
    messages = load_corpus(args.corpus)
    counters = Counters()
    stop = threading.Event()
    sender = Sender(args, messages, counters, stop)
    mover = Mover(args, counters, stop)
    probe_lock = threading.Lock()
    rows = []
    probes = []
    started = time.monotonic()
    tasker = Tasker(args, counters, stop)
    injector = FaultInjector(args, counters, stop) if args.faults_every > 0 else None
    sender.start()
    mover.start()
    if args.tasks_every > 0:
        tasker.start()
    if injector is not None:
        injector.start()
    try:
        return run(args, counters, stop, sender, mover, tasker, injector, probe_lock, rows, probes, started)
    finally:
        stop.set()
        if injector is not None:
            injector.join(args.stop_seconds + 180)
            injector.close()


def run(args, counters, stop, sender, mover, tasker, injector, probe_lock, rows, probes, started):
    fields = ["minute", "elapsed_s", "heap_after_gc_mb", "rss_mb", "fds", "threads", "store_mb",
              "accepted", "refused", "in_mailboxes", "moved", "probe_latency_ms", "tasks_completed", "tasks_failed",
              "faults", "peer_rss_mb", "peer_fds", "peer_threads"]
    csv_path = os.path.join(args.out, "samples.csv")
    failure = None
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for minute in range(1, args.minutes + 1):
            stop.wait(max(0.0, started + minute * 60 - time.monotonic()))
            if not os.path.exists("/proc/%d" % args.pid):
                failure = "James (pid %d) died at minute %d" % (args.pid, minute)
                break
            subject, latency = retried(lambda: probe_latency_ms(args, probe_lock, minute))
            probes.append(subject)
            heap = jvm_heap_after_gc_mb(args.pid)
            # mailboxes first, then what was accepted: in flight = accepted - in mailboxes (probes included there)
            in_mailboxes = retried(lambda: mailbox_counts(args))
            with counters.lock:
                accepted, refused, moved = len(counters.accepted), counters.refused, counters.moved
                tasks_completed = sum(v for k, v in counters.tasks.items() if k.endswith(" completed"))
                tasks_failed = len(counters.task_failures)
                faults = sum(counters.faults.values())
            peer = peer_figures(injector.pid if injector is not None else None)
            row = {
                "minute": minute,
                "elapsed_s": round(time.monotonic() - started),
                "heap_after_gc_mb": heap,
                "rss_mb": round(proc_status(args.pid, "VmRSS") / 1024, 1),
                "fds": len(os.listdir("/proc/%d/fd" % args.pid)),
                "threads": proc_status(args.pid, "Threads"),
                "store_mb": du_mb(args.store),
                "accepted": accepted,
                "refused": refused,
                "in_mailboxes": in_mailboxes,
                "moved": moved,
                "probe_latency_ms": latency,
                "tasks_completed": tasks_completed,
                "tasks_failed": tasks_failed,
                "faults": faults,
                "peer_rss_mb": peer[0],
                "peer_fds": peer[1],
                "peer_threads": peer[2],
            }
            rows.append(row)
            writer.writerow(row)
            f.flush()
            print("soak: minute %d: heap %.1f MB, rss %.1f MB, fds %d, threads %d, store %.1f MB, accepted %d, "
                  "in mailboxes %d, moved %d, probe %d ms" % (minute, row["heap_after_gc_mb"], row["rss_mb"], row["fds"],
                                                              row["threads"], row["store_mb"], accepted,
                                                              row["in_mailboxes"], moved, latency)
                  + ", tasks %d done / %d failed, faults %d" % (tasks_completed, tasks_failed, faults), flush=True)
    stop.set()
    sender.join(180)
    mover.join(60)
    if tasker.is_alive():
        tasker.join(700)  # a round under way finishes: its outcome counts
    if injector is not None:
        injector.join(args.stop_seconds + 180)  # a stopped peer is continued before the drain
        failure = failure or counters.fault_failure
    if counters.task_failures:
        failure = failure or "a WebAdmin task failed: " + counters.task_failures[0]

    # Drain: everything accepted (and the probes) should reach a mailbox.
    expected = dict(counters.accepted)
    for probe in probes:
        expected[probe] = USERS[0]
    copies, why = {}, {}
    drain_deadline = time.monotonic() + 300
    while failure is None and time.monotonic() < drain_deadline:
        copies, why = retried(lambda: subjects_delivered(args))
        if all(copies.get(subject, 0) >= 1 for subject in expected):
            break
        time.sleep(5)
    if failure is None:
        copies, why = retried(lambda: subjects_delivered(args))
    unclassified = {}
    for subject in expected:
        reason = why.get(subject, "")
        if copies.get(subject, 0) and reason:
            unclassified[reason] = unclassified.get(reason, 0) + 1
    lost = sorted(s for s in expected if copies.get(s, 0) == 0)
    duplicated = sorted(s for s in expected if copies.get(s, 0) > 1)

    verdicts = []
    for field in JUDGED:
        ratio = growth(rows, field)
        verdicts.append((field, ratio, ratio is not None and ratio > GROWTH_LIMIT))
    grew = [field for field, ratio, bad in verdicts if bad]
    latencies = [row["probe_latency_ms"] for row in rows if row["probe_latency_ms"] >= 0]
    clean = failure is None and not lost and not duplicated and not grew

    def first_last(field):
        return ("%s → %s" % (rows[0][field], rows[-1][field])) if rows else "-"

    lines = [
        "# Soak run",
        "",
        "%d of %d minutes sampled, target %.1f mails/s, one delivery in %d moved into Spam; result: **%s**"
        % (len(rows), args.minutes, args.rate, args.move_every, "clean" if clean else "FAILED"),
        "",
        "| figure | value |",
        "|---|---|",
        "| mails accepted over SMTP (+ %d probes) | %d (%.2f/s); %d refused; %d send slots skipped while SMTP was slow |"
        % (len(probes), len(counters.accepted), len(counters.accepted) / max(1, rows[-1]["elapsed_s"] if rows else 1),
           counters.refused, counters.slots_skipped),
        "| delivered (INBOX + Spam, by Subject) | %d of %d |" % (len(expected) - len(lost), len(expected)),
        "| lost / duplicated | %d / %d |" % (len(lost), len(duplicated)),
        "| delivered with DSPAM's verdict (X-DSPAM-Result) | %d |"
        % (len(expected) - len(lost) - sum(unclassified.values())),
        "| delivered unclassified, by X-DSPAM-Unclassified | %s |"
        % (", ".join("%s: %d" % item for item in sorted(unclassified.items())) or "none"),
        "| delivered unclassified, total | %d |" % sum(unclassified.values()),
        "| moved into Spam (retrained) | %d (%d failed moves) |" % (counters.moved, counters.move_failures),
        "| WebAdmin tasks (%s) | %s |"
        % ("every %d min" % args.tasks_every if args.tasks_every else "off",
           ", ".join("%s: %d" % item for item in sorted(counters.tasks.items())) or "none"),
        "| faults injected on the DLMTP peer (%s) | %s |"
        % ("every %d min" % args.faults_every if args.faults_every else "off: no --faults",
           ", ".join("%s: %d" % item for item in sorted(counters.faults.items())) or "none"),
        "| probe latency SMTP 250 → IMAP, ms (min / median / max) | %s |"
        % ("%d / %d / %d" % (min(latencies), statistics.median(latencies), max(latencies)) if latencies else "-"),
        "| heap after GC, MB (first → last) | %s |" % first_last("heap_after_gc_mb"),
        "| RSS, MB | %s |" % first_last("rss_mb"),
        "| open file descriptors | %s |" % first_last("fds"),
        "| threads | %s |" % first_last("threads"),
        "| store on disk, MB (grows with learning; not judged) | %s |" % first_last("store_mb"),
        "| DLMTP peer RSS MB / fds / threads (first → last; a kill -9 restarts it; not judged) | %s / %s / %s |"
        % (first_last("peer_rss_mb"), first_last("peer_fds"), first_last("peer_threads")),
        "",
        "Growth rule: mean of the last quarter of the samples / mean of the second quarter, limit %.1f:" % GROWTH_LIMIT,
        "",
    ]
    for field, ratio, bad in verdicts:
        lines.append("- %s: %s%s" % (field, "n/a (fewer than 8 samples)" if ratio is None else "%.2f" % ratio,
                                     " — GREW" if bad else ""))
    if failure:
        lines += ["", "Failure: " + failure]
    if lost:
        lines += ["", "Lost: " + ", ".join(lost[:50])]
    if duplicated:
        lines += ["", "Duplicated: " + ", ".join(duplicated[:50])]
    lines += ["", "Samples: samples.csv (one row a minute)."]
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0 if clean else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # the driver itself failed: not a verdict on James
        print("soak: driver failed: %r" % (e,), file=sys.stderr)
        sys.exit(2)
