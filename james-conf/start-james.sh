#!/usr/bin/env bash
# Starts Apache James 3.8.1 (memory server) with the DSPAM extension, on loopback ports, with a
# demo domain and users; DSPAM is the embedded engine, a dspamd (--dspamd) or the project's own
# DLMTP server started beside James (--serve). Ctrl-C stops it cleanly.
#
#   bash james-conf/start-james.sh [options]
#
# Needs JDK 17 (11+) and Maven 3.8+; the first run builds the project and copies James's jars
# from Maven Central into james-conf/target/james (≈120 MB). Nothing else is downloaded.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$script_dir/.." && pwd)
assembly="$script_dir/target/james"

smtp_port=${JAMES_SMTP_PORT:-2525}
imap_port=${JAMES_IMAP_PORT:-1143}
webadmin_port=${JAMES_WEBADMIN_PORT:-8000}
home=${JAMES_DSPAM_HOME:-$script_dir/target/demo}
domain=example.org
users=alice,bob
password=demo
train_ham=()
train_spam=()
fresh=false
reset_conf=false
build=auto
dspamd_endpoint=""
dspamd_ident=james
dspamd_password=""
serve=false
serve_port=${JAMES_DLMTP_PORT:-2424}

usage() {
  cat <<EOF
Usage: bash james-conf/start-james.sh [options]

Starts James 3.8.1 with DSPAM on 127.0.0.1 and stops it on Ctrl-C.

  --smtp-port N        SMTP port (default 2525, env JAMES_SMTP_PORT)
  --imap-port N        IMAP port (default 1143, env JAMES_IMAP_PORT)
  --webadmin-port N    WebAdmin port (default 8000, env JAMES_WEBADMIN_PORT)
  --home DIR           James working directory (default james-conf/target/demo,
                       env JAMES_DSPAM_HOME); DSPAM's dictionaries persist in DIR/var/dspam
  --fresh              forget what DSPAM learned in earlier runs (empties DIR/var)
  --reset-conf         replace DIR/conf with the samples again (otherwise DIR/conf is copied
                       from the samples once and your edits are kept; each start sets only
                       the ports and the DSPAM backend chosen by the options below)
  --dspamd HOST:PORT   use that dspamd over DLMTP (or a UNIX socket path) instead of the
                       embedded engine
  --dspamd-password P  its ServerPass.<ident> password (required with --dspamd)
  --dspamd-ident NAME  the <ident> (default james)
  --serve              also start the project's DLMTP server (java -jar dspam-tool.jar serve)
                       on DIR/conf/dspamd.conf with its store in DIR/var/dspamd, and use it
  --serve-port N       its port (default 2424, env JAMES_DLMTP_PORT); password: --dspamd-password
                       or "demo"
  --domain NAME        demo domain (default example.org)
  --users a,b          demo users, created as a@domain... (default alice,bob)
  --password PW        their password (default demo)
  --train-ham DIR      train every demo user's dictionary with the messages under DIR as ham
  --train-spam DIR     ... and under DIR as spam (one message per file, any depth: the corpus
                       layout spamassassin-public/{ham,spam}/<group>/*.eml works as is);
                       both options may be repeated
  --skip-build         use james-conf/target/james as it is
  --build              rebuild even when the assembly looks up to date
  -h, --help           this text
EOF
}

die() { printf 'start-james: %s\n' "$*" >&2; exit 1; }
say() { printf '[start-james] %s\n' "$*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --smtp-port) smtp_port=${2:?}; shift 2 ;;
    --imap-port) imap_port=${2:?}; shift 2 ;;
    --webadmin-port) webadmin_port=${2:?}; shift 2 ;;
    --home) home=${2:?}; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --reset-conf) reset_conf=true; shift ;;
    --dspamd) dspamd_endpoint=${2:?}; shift 2 ;;
    --dspamd-password) dspamd_password=${2:?}; shift 2 ;;
    --dspamd-ident) dspamd_ident=${2:?}; shift 2 ;;
    --serve) serve=true; shift ;;
    --serve-port) serve_port=${2:?}; shift 2 ;;
    --domain) domain=${2:?}; shift 2 ;;
    --users) users=${2:?}; shift 2 ;;
    --password) password=${2:?}; shift 2 ;;
    --train-ham) train_ham+=("${2:?}"); shift 2 ;;
    --train-spam) train_spam+=("${2:?}"); shift 2 ;;
    --skip-build) build=never; shift ;;
    --build) build=always; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

for port in "$smtp_port" "$imap_port" "$webadmin_port" "$serve_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad port: $port"
done
if [ "$serve" = true ]; then
  [ -z "$dspamd_endpoint" ] || die "--serve and --dspamd exclude each other: --serve starts its own DLMTP server"
  dspamd_endpoint="127.0.0.1:$serve_port"
  dspamd_password=${dspamd_password:-demo}
elif [ -n "$dspamd_endpoint" ]; then
  [ -n "$dspamd_password" ] || die "--dspamd needs --dspamd-password (dspamd's ServerPass.$dspamd_ident)"
  if [ ${#train_ham[@]} -gt 0 ] || [ ${#train_spam[@]} -gt 0 ]; then
    die "--train-ham/--train-spam train a local store: with --dspamd, train on the dspamd host (dspam_train)"
  fi
elif [ -n "$dspamd_password" ]; then
  die "--dspamd-password needs --dspamd HOST:PORT or --serve"
fi
for dir in ${train_ham[@]+"${train_ham[@]}"} ${train_spam[@]+"${train_spam[@]}"}; do
  [ -d "$dir" ] || die "training folder not found: $dir"
done
command -v java >/dev/null 2>&1 || die "java not found: install JDK 17"
command -v curl >/dev/null 2>&1 || die "curl not found: it talks to James's WebAdmin"

# --- build what is needed --------------------------------------------------------------------
extension_jar() { ls "$assembly"/extensions-jars/james-dspam-extension-*.jar 2>/dev/null | head -n 1; }
tool_jar="$root/dspam-engine/target/dspam-tool.jar"

assembly_up_to_date() {
  local jar
  jar=$(extension_jar)
  [ -n "$jar" ] && [ -d "$assembly/lib" ] && [ -d "$assembly/conf" ] && [ -f "$tool_jar" ] || return 1
  [ -x "$assembly/bin/james-dspam-admin" ] && [ -d "$assembly/admin-jars" ] || return 1
  # Any main source, sample configuration or pom of the modules in the jar newer than the jar?
  local module sources=("$root/pom.xml" "$root/james-conf/pom.xml" "$root/james-conf/src/main")
  for module in dspam-api dspam-client dspam-engine dspam-matcher dspam-mailet; do
    sources+=("$root/$module/pom.xml" "$root/$module/src/main")
  done
  [ -z "$(find "${sources[@]}" -newer "$jar" -type f -print -quit)" ]
}

if [ "$build" = always ] || { [ "$build" = auto ] && ! assembly_up_to_date; }; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+"
  say "building the extension and the James assembly (mvn package, first time ≈1-3 min)..."
  (cd "$root" && mvn -B -q -DskipTests -pl james-conf -am package) || die "build failed"
fi
jar=$(extension_jar)
[ -n "$jar" ] && [ -d "$assembly/lib" ] || die "no assembly in $assembly: run without --skip-build"

# --- the working directory: conf kept across starts, persistent DSPAM data -------------------
if [ "$fresh" = true ]; then
  rm -rf "$home/var"
fi
mkdir -p "$home/logs" "$home/var"
if [ "$reset_conf" = true ] || [ ! -d "$home/conf" ]; then
  rm -rf "$home/conf"
  cp -r "$assembly/conf" "$home/conf"
elif [ -n "$(find "$assembly/conf" -type f -newer "$home/conf/dspam.properties" -print -quit)" ]; then
  say "note: the sample configuration changed since $home/conf was made; your copy is kept (--reset-conf replaces it)"
fi
rm -rf "$home/extensions-jars"
mkdir -p "$home/extensions-jars"
cp "$jar" "$home/extensions-jars/"

set_property() { # file key value: the first "key=" or "#key=" line becomes key=value, else appended
  awk -v k="$2" -v v="$3" '
    !done && (index($0, k "=") == 1 || index($0, "#" k "=") == 1) { print k "=" v; done = 1; next }
    { print }
    END { if (!done) print k "=" v }' "$1" >"$1.new" && mv "$1.new" "$1"
}
set_conf_line() { # dspam.conf key value: the first "key ..." or "#key ..." line becomes "key value", else appended
  awk -v k="$2" -v v="$3" '
    !done && ($1 == k || $1 == "#" k) { print k " " v; done = 1; next }
    { print }
    END { if (!done) print k " " v }' "$1" >"$1.new" && mv "$1.new" "$1"
}

# The DSPAM backend follows the options at every start; every other setting is the user's.
if [ -n "$dspamd_endpoint" ]; then
  set_property "$home/conf/dspam.properties" backend dspamd
  set_property "$home/conf/dspam.properties" dspamd.endpoints "$dspamd_endpoint"
  set_property "$home/conf/dspam.properties" dspamd.ident "$dspamd_ident"
  set_property "$home/conf/dspam.properties" dspamd.password "$dspamd_password"
else
  set_property "$home/conf/dspam.properties" backend embedded
fi
if [ "$serve" = true ]; then
  # The DLMTP server's own dspam.conf: the sample's engine settings, then its address, password
  # and store (rewritten at each start; the rest is the user's to edit).
  [ -f "$home/conf/dspamd.conf" ] || cp "$home/conf/dspam.conf" "$home/conf/dspamd.conf"
  set_conf_line "$home/conf/dspamd.conf" Home "$home/var/dspamd"
  set_conf_line "$home/conf/dspamd.conf" ServerHost 127.0.0.1
  set_conf_line "$home/conf/dspamd.conf" ServerPort "$serve_port"
  set_conf_line "$home/conf/dspamd.conf" "ServerPass.$dspamd_ident" "\"$dspamd_password\""
fi

set_port() { # file, sed expression, expected text afterwards
  sed -i -e "$2" "$1"
  grep -q -- "$3" "$1" || die "could not set the port in $1 (expected $3)"
}
set_port "$home/conf/smtpserver.xml" "s#<bind>127.0.0.1:[0-9]*</bind>#<bind>127.0.0.1:$smtp_port</bind>#" "127.0.0.1:$smtp_port<"
set_port "$home/conf/imapserver.xml" "s#<bind>127.0.0.1:[0-9]*</bind>#<bind>127.0.0.1:$imap_port</bind>#" "127.0.0.1:$imap_port<"
set_port "$home/conf/webadmin.properties" "s#^port=.*#port=$webadmin_port#" "^port=$webadmin_port$"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy_ports=("$smtp_port" "$imap_port" "$webadmin_port")
[ "$serve" = false ] || busy_ports+=("$serve_port")
for port in "${busy_ports[@]}"; do
  ! listening "$port" || die "port $port is already in use on 127.0.0.1 (choose another with --smtp-port/--imap-port/--webadmin-port/--serve-port)"
done

# --- optional training, before James opens the store ----------------------------------------
# The embedded engine's command-line tool (io.jamesdspam.engine.tool.DspamTool, inside the
# drop-in jar) trains each demo user's dictionary in the store James will use (dspam.properties
# embedded.directory = var/dspam), as "dspam_train" would: --source corpus, ham and spam
# interleaved so that neither class is learned all at once.
IFS=',' read -r -a user_names <<<"$users"
if [ ${#train_ham[@]} -gt 0 ] || [ ${#train_spam[@]} -gt 0 ]; then
  list="$home/var/training-list.txt"
  message_files() { # folder... -> one path per line, sorted; hidden files and the manifest skipped
    local dir
    for dir in "$@"; do find "$(cd "$dir" && pwd)" -type f ! -name '.*' ! -name '*.csv' ! -name '*.md'; done | sort
  }
  paste -d '\n' \
    <(message_files ${train_ham[@]+"${train_ham[@]}"} | sed 's/^/innocent\t/') \
    <(message_files ${train_spam[@]+"${train_spam[@]}"} | sed 's/^/spam\t/') \
    | grep -v '^$' >"$list" || true
  [ -s "$list" ] || die "no message found in the training folders"
  say "training $(grep -c '^innocent' "$list") ham and $(grep -c '^spam' "$list") spam for each demo user..."
  # The store DSPAM will read: the embedded engine's, or the one the DLMTP server serves.
  if [ "$serve" = true ]; then training_store="$home/var/dspamd"; else training_store="$home/var/dspam"; fi
  for name in "${user_names[@]}"; do
    java -Dlogback.configurationFile="$assembly/logback.xml" -Djames.log.file="$home/logs/training.log" \
      -cp "$jar:$assembly/lib/*" io.jamesdspam.engine.tool.DspamTool \
      train --store "$training_store" --user "$name@$domain" --list "$list" --source corpus \
      >"$home/logs/training-$name.txt" 2>&1 \
      || { cat "$home/logs/training-$name.txt" >&2; die "training $name@$domain failed"; }
    say "trained $name@$domain"
  done
fi

# --- start James (and the DLMTP server) -----------------------------------------------------
james_pid=""
dlmtp_pid=""
stop_dlmtp() {
  if [ -n "$dlmtp_pid" ] && kill -0 "$dlmtp_pid" 2>/dev/null; then
    say "stopping the DLMTP server ($dlmtp_pid)..."
    kill -TERM "$dlmtp_pid" 2>/dev/null || true
    wait "$dlmtp_pid" 2>/dev/null || true
  fi
  dlmtp_pid=""
}
stop_james() {
  trap - INT TERM HUP EXIT
  if [ -n "$james_pid" ] && kill -0 "$james_pid" 2>/dev/null; then
    say "stopping James ($james_pid)..."
    kill -TERM "$james_pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 60; i++)); do
      kill -0 "$james_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$james_pid" 2>/dev/null; then
      say "James did not stop within 30 s: killing it"
      kill -KILL "$james_pid" 2>/dev/null || true
    fi
    wait "$james_pid" 2>/dev/null || true
    say "stopped."
  fi
  stop_dlmtp
}
trap 'stop_james; exit 130' INT
trap 'stop_james; exit 143' TERM HUP
trap 'stop_james' EXIT

if [ "$serve" = true ]; then
  say "starting the DLMTP server on 127.0.0.1:$serve_port (store $home/var/dspamd, log: $home/logs/dlmtp.log)"
  java ${JAVA_OPTS:-} -jar "$tool_jar" serve --config "$home/conf/dspamd.conf" >"$home/logs/dlmtp.log" 2>&1 &
  dlmtp_pid=$!
  for ((i = 0; i < 120; i++)); do
    kill -0 "$dlmtp_pid" 2>/dev/null || break
    listening "$serve_port" && break
    sleep 0.5
  done
  if ! listening "$serve_port"; then
    tail -n 20 "$home/logs/dlmtp.log" >&2 || true
    die "the DLMTP server did not start (see $home/logs/dlmtp.log)"
  fi
fi

say "starting James 3.8.1 in $home (log: $home/logs/james.log)"
(
  cd "$home"
  exec java ${JAVA_OPTS:-} \
    -Dworking.directory="$home" \
    -Dlogback.configurationFile="$assembly/logback.xml" \
    -Djames.log.file="$home/logs/james.log" \
    -cp "$assembly/lib/*" \
    org.apache.james.MemoryJamesServerMain
) >"$home/logs/console.log" 2>&1 &
james_pid=$!

webadmin="http://127.0.0.1:$webadmin_port"
started=false
for ((i = 0; i < 240; i++)); do
  kill -0 "$james_pid" 2>/dev/null || break
  if curl -s -o /dev/null "$webadmin/healthcheck" && listening "$smtp_port" && listening "$imap_port"; then
    started=true; break
  fi
  sleep 0.5
done
if [ "$started" != true ]; then
  tail -n 40 "$home/logs/console.log" >&2 || true
  die "James did not start (see $home/logs/console.log)"
fi

# --- demo domain and users -------------------------------------------------------------------
webadmin_call() { # method path [json body]; fails unless 2xx
  local status
  if [ $# -ge 3 ]; then
    status=$(curl -s -o "$home/logs/webadmin-last.txt" -w '%{http_code}' -X "$1" \
             -H 'Content-Type: application/json' --data "$3" "$webadmin$2")
  else
    status=$(curl -s -o "$home/logs/webadmin-last.txt" -w '%{http_code}' -X "$1" "$webadmin$2")
  fi
  case "$status" in
    2*) return 0 ;;
    *) say "WebAdmin $1 $2 answered $status: $(cat "$home/logs/webadmin-last.txt")"; return 1 ;;
  esac
}

webadmin_call PUT "/domains/$domain" || die "could not create domain $domain"
addresses=()
for name in "${user_names[@]}"; do
  address="$name@$domain"
  webadmin_call PUT "/users/$address" "{\"password\":\"$password\"}" || die "could not create $address"
  # Spam exists from the start so that IsDspamSpam's storage directive and users' moves find it.
  webadmin_call PUT "/users/$address/mailboxes/Spam" || die "could not create $address's Spam mailbox"
  addresses+=("$address")
done

# --- how to try it ---------------------------------------------------------------------------
first=${addresses[0]}
if [ "$serve" = true ]; then
  backend_description="the project's DLMTP server (dspam-tool.jar serve) on $dspamd_endpoint, store $home/var/dspamd"
elif [ -n "$dspamd_endpoint" ]; then
  backend_description="dspamd at $dspamd_endpoint (ident $dspamd_ident)"
else
  backend_description="embedded engine, store $home/var/dspam"
fi
cat <<EOF

  James 3.8.1 with DSPAM is ready.

  SMTP      127.0.0.1:$smtp_port   (no authentication needed from loopback)
  IMAP      127.0.0.1:$imap_port   users: ${addresses[*]}   password: $password
  WebAdmin  $webadmin   (health: $webadmin/healthcheck)
  DSPAM     $backend_description
  Working directory: $home   (log: $home/logs/james.log)

  Try it:
    # send a message (any .eml file; the corpus has plenty)
    curl -s --crlf smtp://127.0.0.1:$smtp_port --mail-from someone@example.com \\
         --mail-rcpt $first --upload-file some-message.eml
    # see DSPAM's headers on what was delivered (X-DSPAM-Result, X-DSPAM-Signature)
    curl -s -u $first:$password 'imap://127.0.0.1:$imap_port/INBOX;UID=1;SECTION=HEADER.FIELDS%20(SUBJECT%20X-DSPAM-RESULT%20X-DSPAM-SIGNATURE)'
    # disagree: move it to Spam, DSPAM learns it as spam for $first
    curl -s -u $first:$password 'imap://127.0.0.1:$imap_port/INBOX' -X 'UID MOVE 1 Spam'
    # DSPAM's health
    curl -s $webadmin/healthcheck
    # DSPAM's administration (README "Administration from the command line")
    $assembly/bin/james-dspam-admin --url $webadmin stats
  Or point any mail client at IMAP 127.0.0.1:$imap_port (no TLS) as $first / $password.

  Ctrl-C stops James.
EOF

# Wait for James; Ctrl-C lands in the INT trap above.
set +e
wait "$james_pid"
status=$?
james_pid=""
stop_dlmtp
trap - INT TERM HUP EXIT
say "James exited with status $status (see $home/logs/console.log)"
exit "$status"
