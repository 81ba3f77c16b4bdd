#!/usr/bin/env bash
# Runs one or more JMH benchmarks (regular expression over class/method names) and prints each
# result as a ratio to the baseline benchmark of its class, measured in the same run.
#   benchmarks/run.sh CorpusParsingBenchmark
#   benchmarks/run.sh 'Classify.*' -t 2          (extra arguments go to JMH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
pattern=${1:-.}
shift || true
if [ ! -f "$here/target/benchmarks.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi
exec java -Ddspam.root="$root" -jar "$here/target/benchmarks.jar" "$pattern" "$@"
