#!/usr/bin/env bash
# The realtime benchmark (issue 8): builds the EAR, starts it on a fresh PostgreSQL database (port
# offset 6000), connects N sockets to the event bridge and measures task created over REST →
# reservation.created frame, and the server's heap per connected socket.
#
#   bash bench/realtime/run.sh [sockets=1000] [samples=200]
#
# PostgreSQL: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres), as for the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
OFFSET=6000
SERVER=bench/target/realtime-wildfly
LOG=bench/target/realtime-server.log
SOCKETS="${1:-1000}"
SAMPLES="${2:-200}"

./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcpd.skip package -pl ear -am
rm -rf "$SERVER" && mkdir -p bench/target && cp -r ear/target/server "$SERVER"
cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"  # LAUNCH_JBOSS_IN_BACKGROUND below lets the trap stop java too
psql -q -d test -c "drop database if exists switchboard_rt_bench with (force)" -c "create database switchboard_rt_bench"
ACCOUNT="AC$(openssl rand -hex 16)"
TOKEN="$(openssl rand -hex 16)"
LAUNCH_JBOSS_IN_BACKGROUND=1 \
SWITCHBOARD_DB_DRIVER=postgresql \
SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/switchboard_rt_bench" \
SWITCHBOARD_DB_USER="$PGUSER" \
SWITCHBOARD_ACCOUNT_SID="$ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$TOKEN" \
SWITCHBOARD_DATA_DIR="$PWD/bench/target" \
  "$SERVER/bin/standalone.sh" -Djboss.socket.binding.port-offset=$OFFSET > "$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
  grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
  sleep 1
done
JAVA_PID=$(jcmd | awk '/jboss-modules.jar/ && /port-offset=6000/ {print $1; exit}')
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | grep -v "^NOTE" | head -1)"
java bench/realtime/RealtimeBench.java "http://127.0.0.1:$((8080 + OFFSET))" "$ACCOUNT" "$TOKEN" \
  "$SOCKETS" "$SAMPLES" $JAVA_PID | tee bench/target/realtime-bench.out
