#!/usr/bin/env bash
# Soak test (not in CI): the demo James (james-conf/start-james.sh, embedded engine) for a given
# time, corpus mail sent steadily over SMTP to the demo users, some of it moved into Spam over IMAP
# (the retrain listener trains each move), and every minute a sample of the James JVM: heap after
# a full GC (jcmd), RSS, open file descriptors, threads (/proc), the store's size on disk, mails
# sent / delivered, and the delivery latency of a probe mail (SMTP accepted -> visible over IMAP).
#
#   benchmarks/soak.sh                      (1 hour)
#   benchmarks/soak.sh --minutes 10 --rate 4
#
# Writes target/soak/samples.csv and target/soak/summary.md (James's home, logs included, is
# target/soak/home). Exit status: 0 = clean; 1 = a mail was lost or duplicated, or a resource
# grew without bound; 2 = James did not start or the driver failed.
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
smtp_port=${SOAK_SMTP_PORT:-12525}
imap_port=${SOAK_IMAP_PORT:-11143}
webadmin_port=${SOAK_WEBADMIN_PORT:-18000}

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

Options: --minutes N (default 60), --rate MAILS_PER_SECOND (default 4), --move-every N (one
delivered mail in N is moved into Spam; default 20), --out DIR (default target/soak).
Ports: SOAK_SMTP_PORT (12525), SOAK_IMAP_PORT (11143), SOAK_WEBADMIN_PORT (18000).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --move-every) move_every=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "soak: --minutes must be a positive integer" >&2; exit 2; }
for tool in java jcmd python3 du; do
  command -v "$tool" >/dev/null 2>&1 || { echo "soak: $tool not found" >&2; exit 2; }
done

mkdir -p "$out"
corpus="$out/corpus"
if [ ! -d "$corpus/spamassassin-public" ]; then
  mkdir -p "$corpus"
  tar -xzf "$root/corpus/spamassassin-public.tar.gz" -C "$corpus"
fi

# James (the demo assembly), fresh store, a little training so that classification is real.
script_log="$out/start-james.log"
bash "$root/james-conf/start-james.sh" --home "$out/home" --fresh --reset-conf \
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
echo "soak: James pid $james_pid; $minutes min at $rate mails/s; samples in $out/samples.csv"

set +e
python3 "$here/soak/driver.py" --minutes "$minutes" --rate "$rate" --move-every "$move_every" \
  --smtp-port "$smtp_port" --imap-port "$imap_port" --pid "$james_pid" \
  --store "$out/home/var/dspam" --corpus "$corpus/spamassassin-public" --out "$out"
status=$?
set -e
cat "$out/summary.md" 2>/dev/null || true
exit "$status"
