#!/usr/bin/env bash
# Soak test (not in CI): the demo James (james-conf/start-james.sh, embedded engine) for a given
# time, corpus mail sent steadily over SMTP to the demo users, some of it moved into Spam over IMAP
# (the retrain listener trains each move), every N minutes the periodic training and purge tasks
# through WebAdmin (awaited), and every minute a sample of the James JVM: heap after a full GC
# (jcmd), RSS, open file descriptors, threads (/proc), the store's size on disk, mails sent /
# delivered, and the delivery latency of a probe mail (SMTP accepted -> visible over IMAP).
# With --faults James calls the project's DLMTP server (start-james.sh --serve) and every M
# minutes that peer is, in turn, stopped (SIGSTOP) longer than the mailet's timeout or killed -9
# and restarted: every mail must still be delivered (unclassified during the fault).
#
#   benchmarks/soak.sh                      (1 hour)
#   benchmarks/soak.sh --minutes 10 --rate 4
#   benchmarks/soak.sh --minutes 30 --faults --tasks-every 5
#
# Writes target/soak/samples.csv, summary.md and soak.png (James's home, logs included, is
# target/soak/home). Exit status: 0 = clean; 1 = a mail was lost or duplicated, a WebAdmin task
# failed, or a resource grew without bound; 2 = James did not start or the driver failed.
#
# "Grew without bound": for heap after GC, RSS, file descriptors and threads, the mean of the
# last quarter of the samples is over 1.5 x the mean of the second quarter (the first quarter is
# warm-up: caches filling, JIT). The store's size is reported, not judged: it grows with what
# DSPAM learns, by design. Needs at least 8 samples (--minutes 8) to judge growth.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$root/target/soak"
minutes=60
rate=4
move_every=20
tasks_every=10
faults=false
faults_every=3
smtp_port=${SOAK_SMTP_PORT:-12525}
imap_port=${SOAK_IMAP_PORT:-11143}
webadmin_port=${SOAK_WEBADMIN_PORT:-18000}
dlmtp_port=${SOAK_DLMTP_PORT:-12424}

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

Options: --minutes N (default 60), --rate MAILS_PER_SECOND (default 4), --move-every N (one
delivered mail in N is moved into Spam; default 20), --tasks-every N (minutes between WebAdmin
task rounds, 0 = none; default 10), --faults (DLMTP peer + fault injector), --faults-every M
(minutes between faults; default 3), --out DIR (default target/soak).
Ports: SOAK_SMTP_PORT (12525), SOAK_IMAP_PORT (11143), SOAK_WEBADMIN_PORT (18000),
SOAK_DLMTP_PORT (12424, with --faults).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --move-every) move_every=${2:?}; shift 2 ;;
    --tasks-every) tasks_every=${2:?}; shift 2 ;;
    --faults) faults=true; shift ;;
    --faults-every) faults_every=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "soak: --minutes must be a positive integer" >&2; exit 2; }
[[ "$tasks_every" =~ ^[0-9]+$ ]] || { echo "soak: --tasks-every must be a number of minutes (0 = none)" >&2; exit 2; }
[[ "$faults_every" =~ ^[1-9][0-9]*$ ]] || { echo "soak: --faults-every must be a positive integer" >&2; exit 2; }
for tool in java jcmd python3 du; do
  command -v "$tool" >/dev/null 2>&1 || { echo "soak: $tool not found" >&2; exit 2; }
done

mkdir -p "$out"
out=$(cd "$out" && pwd) # James's home below it: a relative --out would resolve against James's own cwd
corpus="$out/corpus"
if [ ! -d "$corpus/spamassassin-public" ]; then
  mkdir -p "$corpus"
  tar -xzf "$root/corpus/spamassassin-public.tar.gz" -C "$corpus"
fi

# James (the demo assembly), fresh store, a little training so that classification is real.
script_log="$out/start-james.log"
store="$out/home/var/dspam"
backend=()
if [ "$faults" = true ]; then
  # the project's DLMTP server in a process of its own, trained instead of the embedded store
  backend=(--serve --serve-port "$dlmtp_port")
  store="$out/home/var/dspamd"
fi
bash "$root/james-conf/start-james.sh" --home "$out/home" --fresh --reset-conf ${backend[@]+"${backend[@]}"} \
  --smtp-port "$smtp_port" --imap-port "$imap_port" --webadmin-port "$webadmin_port" \
  --train-ham "$corpus/spamassassin-public/ham/easy-ham-2" --train-spam "$corpus/spamassassin-public/spam/spam-1" \
  >"$script_log" 2>&1 &
script_pid=$!
stop() {
  if kill -0 "$script_pid" 2>/dev/null; then
    # TERM: a background job of a script ignores INT; start-james.sh stops James cleanly on either
    kill -TERM "$script_pid" 2>/dev/null || true
    wait "$script_pid" 2>/dev/null || true
  fi
}
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q "is ready" "$script_log" 2>/dev/null && break
  kill -0 "$script_pid" 2>/dev/null || { echo "soak: start-james.sh failed:" >&2; tail -n 30 "$script_log" >&2; exit 2; }
  sleep 1
done
grep -q "is ready" "$script_log" || { echo "soak: James not ready after 10 minutes" >&2; exit 2; }
james_pid=$(pgrep -P "$script_pid" -f MemoryJamesServerMain | head -n 1)
[ -n "$james_pid" ] || { echo "soak: no James JVM under start-james.sh ($script_pid)" >&2; exit 2; }
fault_options=()
if [ "$faults" = true ]; then
  peer_pid=$(pgrep -P "$script_pid" -f 'dspam-tool.jar serve' | head -n 1)
  [ -n "$peer_pid" ] || { echo "soak: no DLMTP server under start-james.sh ($script_pid)" >&2; exit 2; }
  fault_options=(--peer-pid "$peer_pid" --peer-port "$dlmtp_port" --peer-log "$out/home/logs/dlmtp.log"
                 --faults-every "$faults_every")
  echo "soak: DLMTP peer pid $peer_pid on port $dlmtp_port; a fault every $faults_every min"
fi
echo "soak: James pid $james_pid; $minutes min at $rate mails/s; samples in $out/samples.csv"

set +e
python3 "$here/soak/driver.py" --minutes "$minutes" --rate "$rate" --move-every "$move_every" \
  --smtp-port "$smtp_port" --imap-port "$imap_port" --webadmin-port "$webadmin_port" --pid "$james_pid" \
  --tasks-every "$tasks_every" ${fault_options[@]+"${fault_options[@]}"} \
  --store "$store" --corpus "$corpus/spamassassin-public" --out "$out"
status=$?
set -e
cat "$out/summary.md" 2>/dev/null || true

# The plot (XChart, in the benchmarks jar): a failed drawing does not change the verdict.
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -o -q -pl benchmarks -am package -DskipTests) >"$out/plot-build.log" 2>&1 \
    || echo "soak: could not build $jar for the plot (see $out/plot-build.log)" >&2
fi
if [ -s "$out/samples.csv" ] && [ -f "$jar" ]; then
  java -cp "$jar" io.jamesdspam.benchmarks.report.SoakPlot --samples "$out/samples.csv" --out "$out/soak.png" \
    || echo "soak: the plot failed" >&2
fi
exit "$status"
