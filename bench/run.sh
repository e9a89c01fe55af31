#!/usr/bin/env bash
# Switchboard's benchmark: builds the EAR, starts it on a fresh PostgreSQL database (port 13080,
# so a running Switchboard is not disturbed), runs Bench.java against it, runs pgbench TPC-B on the
# same PostgreSQL, then Camunda 7.24 (history none) through the peer harness, one after the other,
# and prints every figure with the ratios Switchboard ÷ pgbench and Switchboard ÷ Camunda.
#
#   bash bench/run.sh                      # everything
#   bash bench/run.sh lifecycles           # only (a), then pgbench and Camunda 7 (history none)
#   bash bench/run.sh scale                # 1,000 workers, then 15,000 workers beside 100,000 pending tasks (~20 min)
#   bash bench/run.sh offer                # create → reservation.created with 1,000 workers, 3 rounds of 200 (~5 min)
#   bash bench/run.sh floor                # a request's CPU: workspace and task reads, an empty worker update, beside lifecycles (~8 min)
#   PEERS=off bash bench/run.sh            # without the Camunda peer (PEERS_DIR: where its harness is)
#   BENCH_SERVER_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/run.sh   # the server on another JDK
#   BENCH_TARGET=http://host:8080 BENCH_ACCOUNT=AC… BENCH_TOKEN=… bash bench/run.sh   # a running server
#
# PostgreSQL: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres), as for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
OFFSET=5000
SERVER=bench/target/wildfly
LOG=bench/target/server.log

# Routing rewrites task, reservation and worker_channel rows on every lifecycle; a PostgreSQL
# serving Switchboard runs autovacuum (PostgreSQL's default). A server configured without it (as
# some test machines are) gets it switched on for this run and restored afterwards; pgbench
# vacuums its own tables before it runs.
restore_autovacuum() { :; }
AUTOVACUUM=$(psql -Atq -d test -c "show autovacuum")
if [ "$AUTOVACUUM" = "off" ]; then
  echo "PostgreSQL runs with autovacuum off; switching it on for the benchmark"
  psql -q -d test -c "alter system set autovacuum = on" -c "select pg_reload_conf()" > /dev/null
  restore_autovacuum() {
    psql -q -d test -c "alter system reset autovacuum" -c "select pg_reload_conf()" > /dev/null
  }
fi
trap restore_autovacuum EXIT

if [ -z "${BENCH_TARGET:-}" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcpd.skip package -pl ear -am
  rm -rf "$SERVER" && mkdir -p bench/target && cp -r ear/target/server "$SERVER"
  cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"
  psql -q -d test -c "drop database if exists switchboard_bench with (force)" -c "create database switchboard_bench"
  BENCH_ACCOUNT="AC$(openssl rand -hex 16)"
  BENCH_TOKEN="$(openssl rand -hex 16)"
  SWITCHBOARD_DB_DRIVER=postgresql \
  SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/switchboard_bench" \
  SWITCHBOARD_DB_USER="$PGUSER" \
  SWITCHBOARD_DB_POOL_MAX=40 \
  SWITCHBOARD_ACCOUNT_SID="$BENCH_ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$BENCH_TOKEN" \
  JAVA_HOME="${BENCH_SERVER_JAVA_HOME:-${JAVA_HOME:-}}" \
  JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx2g}" LAUNCH_JBOSS_IN_BACKGROUND=1 \
    "$SERVER/bin/standalone.sh" -Djboss.socket.binding.port-offset=$OFFSET > "$LOG" 2>&1 &
  SERVER_PID=$!
  # the server's java outlives a TERM to its start script, so stop it through its management API,
  # and kill whatever java still runs from this server directory
  stop_server() {
    "$SERVER/bin/jboss-cli.sh" --controller=127.0.0.1:$((9990 + OFFSET)) -c --command=:shutdown \
      > /dev/null 2>&1 || true
    for pid in $(pgrep -f "jboss.home.dir=$PWD/$SERVER" || true); do kill "$pid" 2>/dev/null || true; done
    wait "$SERVER_PID" 2>/dev/null || true
  }
  trap 'stop_server; restore_autovacuum' EXIT
  BENCH_TARGET="http://127.0.0.1:$((8080 + OFFSET))"
  for _ in $(seq 1 120); do
    grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
    grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
    sleep 1
  done
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | grep -v "^NOTE" | head -1)"
if [ -n "${BENCH_SERVER_JAVA_HOME:-}" ]; then
  echo "server JDK: $("$BENCH_SERVER_JAVA_HOME/bin/java" -version 2>&1 | head -1)"
fi
java bench/Bench.java "$BENCH_TARGET" "$BENCH_ACCOUNT" "$BENCH_TOKEN" "$@" | tee bench/target/bench.out \
  || echo "A scenario failed; the figures above are the ones that completed."

# After the scale scenario the big workspace is still there: the server's heap after a full
# collection, as an operator would read it.
if [ "${1:-}" = "scale" ] && [ -n "${SERVER_PID:-}" ]; then
  JPID=$(pgrep -f "jboss.home.dir=$PWD/$SERVER" | head -1)
  jcmd "$JPID" GC.run > /dev/null
  echo "RESULT heap_after_full_gc $(jcmd "$JPID" GC.heap_info | grep -m1 ' heap ' | tr -s ' ')"
fi

# pgbench runs with Switchboard stopped, so the two do not share the machine.
if [ -n "${SERVER_PID:-}" ]; then
  stop_server
fi

if [ "$#" -eq 0 ] || [ "$1" = "pgbench" ] || [ "$1" = "lifecycles" ]; then
  psql -q -d test -c "drop database if exists pgbench_bench with (force)" -c "create database pgbench_bench"
  pgbench -q -i -s 10 pgbench_bench > /dev/null 2>&1
  TPS=$(pgbench -c 8 -j 2 -T 30 pgbench_bench 2>/dev/null | awk '/^tps/ {print $3; exit}')
  echo "RESULT pgbench tpc-b scale=10 clients=8 seconds=30 tps=$TPS"
  LPS=$(awk '/RESULT lifecycles/ {for (i=1;i<=NF;i++) if ($i ~ /^lifecycles_per_s=/) {split($i,a,"="); print a[2]}}' bench/target/bench.out)
  if [ -n "$LPS" ] && [ -n "$TPS" ]; then
    awk -v l="$LPS" -v t="$TPS" 'BEGIN { printf "RESULT ratio lifecycles_per_s/pgbench_tps=%.4f\n", l / t }'
  fi
fi

# The peer a user would pick for routing human tasks in Java: Camunda 7.24 embedded, history none,
# measured by the peer harness (../shared/peers, or PEERS_DIR) right after Switchboard, on the same
# PostgreSQL and machine, with the same 8 clients. PEERS=off skips it.
PEERS_DIR="${PEERS_DIR:-../shared/peers}"
if { [ "$#" -eq 0 ] || [ "$1" = "lifecycles" ]; } && [ "${PEERS:-on}" != "off" ]; then
  if [ -f "$PEERS_DIR/bench.sh" ]; then
    echo "Camunda 7.24 (history none) through $PEERS_DIR/bench.sh"
    ENGINES=camunda HISTORIES=none bash "$PEERS_DIR/bench.sh" > bench/target/peers.out 2>&1 \
      || echo "the peer harness failed; see bench/target/peers.out"
    RESULTS="$PEERS_DIR/target/results"
    [ -w "$PEERS_DIR" ] || RESULTS="${PEERS_WORK:-${TMPDIR:-/tmp}/switchboard-peers}/target/results"
    CAMUNDA=$(jq -r '.lifecycles_per_s // empty' "$RESULTS/camunda-none.json" 2>/dev/null || true)
    if [ -n "$CAMUNDA" ]; then
      echo "RESULT camunda-7.24 history=none lifecycles_per_s=$CAMUNDA"
      [ -n "${TPS:-}" ] && awk -v c="$CAMUNDA" -v t="$TPS" \
        'BEGIN { printf "RESULT ratio camunda_lifecycles_per_s/pgbench_tps=%.4f\n", c / t }'
      [ -n "${LPS:-}" ] && awk -v l="$LPS" -v c="$CAMUNDA" \
        'BEGIN { printf "RESULT ratio switchboard_lifecycles_per_s/camunda_lifecycles_per_s=%.4f\n", l / c }'
    fi
  else
    echo "No peer harness at $PEERS_DIR (set PEERS_DIR); Camunda was not measured"
  fi
fi
