#!/usr/bin/env bash
# Counts the statements of one task lifecycle through the REST API, from PostgreSQL's statement
# log: create a task with an available worker (reserved in the same request), accept the
# reservation, complete the task. Starts the built server on a fresh database of its own whose
# statements PostgreSQL logs (log_statement = 'all' for that database only), runs a few warm-up
# lifecycles, a few idle seconds (to tell the server's timers from the requests), then the measured
# lifecycle, one request at a time, each followed by a marker statement; bench/StatementLog.java
# reads the log between the markers. Counts do not depend on the machine's load, as timings do.
#
#   bash bench/statements.sh                 # builds the EAR first
#   STATEMENTS_SKIP_BUILD=1 bash bench/statements.sh
#   STATEMENTS_OFFSET=15000 STATEMENTS_DB=switchboard_perf bash bench/statements.sh
#
# Needs: read access to PostgreSQL's log (PGLOG, default /var/log/postgresql/postgresql-15-main.log,
# so usually root), PostgreSQL at PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres) with the
# default log_line_prefix, curl and jq. Prints the report and leaves it in bench/target/statements.out.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PGLOG="${PGLOG:-/var/log/postgresql/postgresql-15-main.log}"
OFFSET="${STATEMENTS_OFFSET:-6000}"
DB="${STATEMENTS_DB:-switchboard_statements}"
SERVER=bench/target/statements-server
LOG=bench/target/statements-server.log
WARMUPS="${STATEMENTS_WARMUPS:-10}"

[ -r "$PGLOG" ] || { echo "cannot read PostgreSQL's log $PGLOG (set PGLOG)"; exit 1; }
if [ -z "${STATEMENTS_SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcpd.skip package -pl ear -am
fi
rm -rf "$SERVER" && mkdir -p bench/target && cp -r ear/target/server "$SERVER"
cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"
psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" \
  -c "alter database $DB set log_statement = 'all'"
ACCOUNT="AC$(openssl rand -hex 16)"
TOKEN="$(openssl rand -hex 16)"
# a small pool, so that the warm-up lifecycles use every connection once (pgjdbc reads column
# metadata once per connection)
SWITCHBOARD_DB_DRIVER=postgresql \
SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
SWITCHBOARD_DB_USER="$PGUSER" SWITCHBOARD_DB_POOL_MAX=4 \
SWITCHBOARD_ACCOUNT_SID="$ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$TOKEN" \
JAVA_OPTS="-Xms512m -Xmx1g" LAUNCH_JBOSS_IN_BACKGROUND=1 \
  "$SERVER/bin/standalone.sh" -Djboss.socket.binding.port-offset="$OFFSET" > "$LOG" 2>&1 &
SERVER_PID=$!
stop() {
  "$SERVER/bin/jboss-cli.sh" --controller=127.0.0.1:$((9990 + OFFSET)) -c --command=:shutdown \
    > /dev/null 2>&1 || true
  for pid in $(pgrep -f "jboss.home.dir=$PWD/$SERVER" || true); do kill "$pid" 2>/dev/null || true; done
  wait "$SERVER_PID" 2>/dev/null || true
  psql -q -d postgres -c "drop database if exists $DB with (force)" || true
}
trap stop EXIT
for _ in $(seq 1 180); do
  grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
  grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
  sleep 1
done

BASE="http://127.0.0.1:$((8080 + OFFSET))"
post() { curl -sf -u "$ACCOUNT:$TOKEN" -X POST "$BASE$1" "${@:2}"; }
get() { curl -sf -u "$ACCOUNT:$TOKEN" "$BASE$1"; }
# ends a step: waits for its after-commit work (a routing pass), then marks the log
mark() { sleep "${STATEMENTS_SETTLE:-1.5}"; psql -q -d "$DB" -c "select 'statements.sh: $1'" > /dev/null; }

WS=$(post /v1/Workspaces --data-urlencode FriendlyName=statements | jq -r .sid)
P=/v1/Workspaces/$WS
AVAILABLE=$(get "$P/Activities?FriendlyName=Available" | jq -r '.activities[0].sid')
QUEUE=$(post "$P/TaskQueues" --data-urlencode FriendlyName=everyone \
  --data-urlencode 'TargetWorkers=1==1' | jq -r .sid)
WORKFLOW=$(post "$P/Workflows" --data-urlencode FriendlyName=to-everyone --data-urlencode \
  "Configuration={\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"$QUEUE\"}}}" \
  | jq -r .sid)
WORKER=$(post "$P/Workers" --data-urlencode FriendlyName=w1 --data-urlencode 'Attributes={}' | jq -r .sid)
post "$P/Workers/$WORKER" --data-urlencode "ActivitySid=$AVAILABLE" > /dev/null

# one lifecycle; with "measured", each request is a step of its own
lifecycle() {
  local task reservation status
  task=$(post "$P/Tasks" --data-urlencode "WorkflowSid=$WORKFLOW" \
    --data-urlencode 'Attributes={"n":1}' | jq -r .sid)
  [ -n "$1" ] && mark create
  reservation=$(get "$P/Tasks/$task/Reservations" | jq -r '.reservations[0].sid')
  [ "$reservation" != "null" ] || { echo "task $task was not reserved"; exit 1; }
  [ -n "$1" ] && mark "lookup (GET …/Reservations, not part of the lifecycle)"
  status=$(post "$P/Tasks/$task/Reservations/$reservation" \
    --data-urlencode ReservationStatus=accepted | jq -r .reservation_status)
  [ "$status" = "accepted" ] || { echo "accept failed"; exit 1; }
  [ -n "$1" ] && mark accept
  status=$(post "$P/Tasks/$task" --data-urlencode AssignmentStatus=completed \
    --data-urlencode Reason=done | jq -r .assignment_status)
  [ "$status" = "completed" ] || { echo "complete failed"; exit 1; }
  [ -n "$1" ] && mark "complete (and the pass for the freed worker)"
  return 0
}

for n in $(seq 1 "$WARMUPS"); do
  lifecycle ""
done
sleep 2
START=$(stat -c %s "$PGLOG")
mark "warm-up done"
sleep 4
mark idle
lifecycle measured
tail -c +"$((START + 1))" "$PGLOG" > bench/target/statements.log
java bench/StatementLog.java bench/target/statements.log "$DB" | tee bench/target/statements.out
