#!/usr/bin/env bash
# Switchboard's voice burst benchmark: builds the EAR, starts it on a fresh PostgreSQL database
# (port offset 25000, so a running Switchboard is not disturbed) logged in to the fake AMI server
# VoiceBench.java starts, and plays 100 callers and 100 agents against it with the telephony
# adapter's wire-protocol peers (FastAGI and AMI as Asterisk speaks them). Prints the figures.
#
#   bash bench/voice/run.sh          # 100 calls
#   bash bench/voice/run.sh 200      # another burst size
#   bash bench/voice/run.sh 100 5    # five bursts of 100, one after the other (each round's calls
#                                    # completed before the next), so later rounds meet a warm server
#   BENCH_SKIP_BUILD=1 bash bench/voice/run.sh 10   # reuse the EAR and test classes built last time
#
# PostgreSQL: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres), as for the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
CALLS="${1:-100}"
ROUNDS="${2:-1}"
OFFSET="${BENCH_VOICE_OFFSET:-25000}"
SERVER=bench/target/voice-wildfly
LOG=bench/target/voice-server.log
AMI_PORT=$((5038 + OFFSET))
AMI_SECRET="$(openssl rand -hex 16)"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests -Dspotless.check.skip -Dcpd.skip package -pl ear -am
fi
rm -rf "$SERVER" && mkdir -p bench/target && cp -r ear/target/server "$SERVER"
cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"
psql -q -d test -c "drop database if exists switchboard_voice_bench with (force)" \
  -c "create database switchboard_voice_bench"
ACCOUNT="AC$(openssl rand -hex 16)"
TOKEN="$(openssl rand -hex 16)"
PIDFILE="$PWD/bench/target/voice-server.pid"
rm -f "$PIDFILE"
SWITCHBOARD_DB_DRIVER=postgresql \
SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/switchboard_voice_bench" \
SWITCHBOARD_DB_USER="$PGUSER" \
SWITCHBOARD_ACCOUNT_SID="$ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$TOKEN" \
SWITCHBOARD_AMI_HOST=127.0.0.1 SWITCHBOARD_AMI_PORT="$AMI_PORT" \
SWITCHBOARD_AMI_USER=bench SWITCHBOARD_AMI_SECRET="$AMI_SECRET" \
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx2g}" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$PIDFILE" \
  "$SERVER/bin/standalone.sh" -Djboss.socket.binding.port-offset="$OFFSET" > "$LOG" 2>&1 &
SCRIPT_PID=$!
# Stop the server through its management API, then the java process the start script recorded.
stop_server() {
  "$SERVER/bin/jboss-cli.sh" --controller=127.0.0.1:$((9990 + OFFSET)) -c --command=:shutdown \
    > /dev/null 2>&1 || true
  if [ -s "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; fi
  wait "$SCRIPT_PID" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 1 180); do
  grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
  grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
  sleep 1
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | grep -v "^NOTE" | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp telephony-adapter/target/test-classes bench/voice/VoiceBench.java \
  "http://127.0.0.1:$((8080 + OFFSET))" "$ACCOUNT" "$TOKEN" "$AMI_PORT" "$AMI_SECRET" \
  "$((4573 + OFFSET))" "$CALLS" "$ROUNDS" | tee bench/target/voice-bench.out
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warnings/errors in the server log (whole run, start and stop included):" \
  "$(grep -c -E ' (WARN|WARNING|ERROR|SEVERE) ' "$LOG" || true)"
