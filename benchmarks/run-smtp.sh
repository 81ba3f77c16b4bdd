#!/usr/bin/env bash
# The SMTP-accept -> mailbox benchmark of the James extension: two James 3.8.1 servers (one JVM each,
# both up for the whole run) on the shipped sample configuration, one without its DSPAM mailets, corpus
# test messages over SMTP in alternating rounds; prints msg/s of each and the ratio DSPAM / bare.
#   benchmarks/run-smtp.sh                       (5 rounds, 4 SMTP connections, 4 users)
#   benchmarks/run-smtp.sh --rounds 3 --connections 8 --users 2 --messages 500
#   benchmarks/run-smtp.sh --recipients 4        (each mail to 4 local users: one DSPAM request for the 4)
#   SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/%p.jfr benchmarks/run-smtp.sh --rounds 1
#       (profile: each server runs in its own JVM, %p is its pipeline, bare or dspam; JAVA_OPTS is the harness's JVM)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
module="$here/smtp"
if [ ! -f "$module/target/classpath.txt" ] || [ "${REBUILD:-0}" = 1 ]; then
  # A reactor build resolves the sibling modules to their target/ directories: nothing is installed
  # into ~/.m2, which every checkout shares.
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks/smtp -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt)
fi
exec java -Xmx4g ${JAVA_OPTS:-} -Dbench.server.jvmOptions="${SERVER_JAVA_OPTS:-}" -Ddspam.root="$root" -Dlogback.configurationFile="$module/src/main/resources/benchmark-logback.xml" \
  -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" \
  io.jamesdspam.benchmarks.smtp.SmtpPipelineBenchmark "$@"
