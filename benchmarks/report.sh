#!/usr/bin/env bash
# A shortened benchmark suite and a report a person can read: runs the users benchmark (journal
# store, 1 / 100 / 1,000 / 10,000 users, -Xmx512m), the engine and recipients JMH benchmarks (with
# -prof gc), the engine's ratio in alternated passes (ClassifyRatioHarness, memory and journal
# stores) and, with --smtp, the SMTP -> mailbox harness with 1 and 4 recipients; then writes
# benchmarks/target/benchmark-report/index.md with tables and PNG charts. Every figure is a ratio
# to a baseline measured in the same run.
#   benchmarks/report.sh              (7 minutes on 2 cores, load 1-1.7, 2026-12-04, once the users' store exists,
#                                      + about 2 minutes for the alternated passes (session 12);
#                                      generating the 10,000 users' store the first time adds ~2.5 min)
#   benchmarks/report.sh --smtp       (adds the SMTP harness: 12.4 minutes in all, quiet, 2026-12-03)
#   benchmarks/report.sh --report-only (rewrites index.md and the charts from the results already there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/benchmark-report"
smtp=0
measure=1
for argument in "$@"; do
  case "$argument" in
    --smtp) smtp=1 ;;
    --report-only) measure=0 ;;
    *) echo "unknown option $argument (--smtp, --report-only)" >&2; exit 2 ;;
  esac
done
if [ ! -f "$here/target/benchmarks.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi
mkdir -p "$out"
jar="$here/target/benchmarks.jar"
if [ "$measure" = 1 ]; then
  java -Xmx2g -Ddspam.root="$root" -cp "$jar" io.jamesdspam.benchmarks.users.UsersBenchmark \
    --users 1,100,1000,10000 --messages 10000 --warmup 3000 --restart-users 100 --output "$out/users-journal.json"
  java -Ddspam.root="$root" -jar "$jar" 'EngineBenchmark\.(baseline|classifyOneThread|classifyMatureOneThread|processMatureOneThread)$' \
    -f 1 -wi 2 -w 2s -i 3 -r 2s -prof gc -rf json -rff "$out/jmh-engine.json"
  for store in memory journal journal-uncached; do
    java -Xmx3g -Ddspam.root="$root" -cp "$jar" io.jamesdspam.benchmarks.ClassifyRatioHarness 10 "$store" \
      "$out/classify-ratio-$store.json"
  done
  java -Ddspam.root="$root" -jar "$jar" 'MailetPipelineBenchmark' \
    -f 1 -wi 2 -w 2s -i 3 -r 2s -rf json -rff "$out/jmh-mailet.json"
  if [ "$smtp" = 1 ]; then
    "$here/run-smtp.sh" --rounds 2 --messages 600 --recipients 1
    "$here/run-smtp.sh" --rounds 2 --messages 600 --recipients 4
  fi
fi
java -Ddspam.root="$root" -cp "$jar" io.jamesdspam.benchmarks.report.BenchmarkReport --directory "$out"
