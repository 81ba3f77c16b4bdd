#!/usr/bin/env bash
# The users benchmark: throughput, latency p50/p99, heap after GC, disk per user and the first
# classification after a restart, for 1, 100, 1,000 and 10,000 users with dictionaries of their own
# and Zipf-distributed mail; every number of users in its own JVM (-Xmx512m), ratios to the 1-user
# run of the same invocation. The store is generated once into benchmarks/target/user-stores/.
#   benchmarks/run-users.sh
#   benchmarks/run-users.sh --users 1,100,1000 --messages 2000 --store-option maximumLoadedUsers=256
#   benchmarks/run-users.sh --users 1,10000 --signatures 1400        (users with 14 days of signatures)
#   benchmarks/run-users.sh --users 1,10000 --journal-messages 50    (users mailed since their snapshot; 19 GB)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ ! -f "$here/target/benchmarks.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi
exec java -Xmx2g -Ddspam.root="$root" -cp "$here/target/benchmarks.jar" io.jamesdspam.benchmarks.users.UsersBenchmark "$@"
