#!/usr/bin/env bash
# The BPM plugin's benchmark (issue 17): builds the EAR and the plugin, starts Switchboard on a
# fresh PostgreSQL database (port offset 27000, so a running Switchboard is not disturbed), and runs
# bench/bpm/BpmBench.java: an embedded Camunda 7.24 engine on a fresh database of the same
# PostgreSQL, with the plugin, runs a process with two user tasks, once with the tasks left in
# Camunda's task list (claimed and completed there) and once routed through Switchboard (workers
# accept and complete over REST), in turns. Prints process instances per second for both and
# their ratio.
#
#   bash bench/bpm/run.sh
#   JDK_JAVA_OPTIONS="-Dbench.instances=2000 -Dbench.turns=3" bash bench/bpm/run.sh
#   BENCH_SKIP_BUILD=1 bash bench/bpm/run.sh      # reuse the EAR and plugin built last time
#
# Settings (system properties of the bench JVM, defaults in brackets): bench.instances [1000]
# measured per turn after bench.warmup [300], bench.inflight [200] instances running at once,
# bench.clients [16] worker threads, bench.workers [200] Switchboard workers, bench.turns [2],
# bench.poll.ms [1000] the plugin's pollIntervalMillis.
#
# PostgreSQL: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres), as for the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
OFFSET="${BENCH_BPM_OFFSET:-27000}"
SERVER=bench/target/bpm-wildfly
LOG=bench/target/bpm-server.log
LIB=bench/target/bpm-lib

# As bench/run.sh: a PostgreSQL serving Switchboard (and Camunda) runs autovacuum; one configured
# without it gets it switched on for this run and restored afterwards.
restore_autovacuum() { :; }
if [ "$(psql -Atq -d test -c "show autovacuum")" = "off" ]; then
  echo "PostgreSQL runs with autovacuum off; switching it on for the benchmark"
  psql -q -d test -c "alter system set autovacuum = on" -c "select pg_reload_conf()" > /dev/null
  restore_autovacuum() {
    psql -q -d test -c "alter system reset autovacuum" -c "select pg_reload_conf()" > /dev/null
  }
fi
trap restore_autovacuum EXIT

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests -Dspotless.check.skip -Dcpd.skip package -pl ear,bpm-plugin -am
fi
mkdir -p "$LIB"
# The plugin's classpath with the engine it is provided with, and PostgreSQL's JDBC driver.
./mvnw -q -B -ntp dependency:build-classpath -pl bpm-plugin -Dmdep.includeScope=compile \
  -Dmdep.outputFile="$PWD/$LIB/classpath.txt"
PG_VERSION=$(sed -n 's:.*<version.postgresql>\(.*\)</version.postgresql>.*:\1:p' pom.xml)
./mvnw -q -B -ntp -N dependency:copy -Dartifact="org.postgresql:postgresql:$PG_VERSION" \
  -DoutputDirectory="$PWD/$LIB"
CLASSPATH_BENCH="bpm-plugin/target/classes:$(cat "$LIB/classpath.txt"):$LIB/postgresql-$PG_VERSION.jar"

rm -rf "$SERVER" && cp -r ear/target/server "$SERVER"
cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"
psql -q -d test -c "drop database if exists switchboard_bpm_bench with (force)" \
  -c "create database switchboard_bpm_bench" \
  -c "drop database if exists camunda_bpm_bench with (force)" \
  -c "create database camunda_bpm_bench"
ACCOUNT="AC$(openssl rand -hex 16)"
TOKEN="$(openssl rand -hex 16)"
PIDFILE="$PWD/bench/target/bpm-server.pid"
rm -f "$PIDFILE"
SWITCHBOARD_DB_DRIVER=postgresql \
SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/switchboard_bpm_bench" \
SWITCHBOARD_DB_USER="$PGUSER" \
SWITCHBOARD_DB_POOL_MAX=30 \
SWITCHBOARD_ACCOUNT_SID="$ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$TOKEN" \
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
trap 'stop_server; restore_autovacuum' EXIT
for _ in $(seq 1 180); do
  grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
  grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
  sleep 1
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | grep -v "^NOTE" | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$CLASSPATH_BENCH" bench/bpm/BpmBench.java \
  "http://127.0.0.1:$((8080 + OFFSET))" "$ACCOUNT" "$TOKEN" \
  "jdbc:postgresql://$PGHOST:$PGPORT/camunda_bpm_bench" "$PGUSER" | tee bench/target/bpm-bench.out
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warnings/errors in the server log (whole run, start and stop included):" \
  "$(grep -c -E ' (WARN|WARNING|ERROR|SEVERE) ' "$LOG" || true)"
psql -q -d test -c "drop database if exists camunda_bpm_bench with (force)"
