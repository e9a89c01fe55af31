#!/usr/bin/env bash
# Switchboard against a real Asterisk 22, by hand (bench/RESULTS.md, "Voice bursts on a real
# Asterisk" says how the Asterisk was built): configures that Asterisk with the telephony adapter's
# sample files (telephony-adapter/asterisk/, with this run's ports, secrets and workflow), starts
# it and a Switchboard server on a fresh PostgreSQL database, and runs real_asterisk.py: CALLS
# callers on Local channels dial 3000, CALLS agents on Local channels accept at once. With the
# argument `features` it runs real_asterisk_features.py instead: one scenario per feature (hold,
# transfers, the waiting loop, callback, voicemail, recording, supervision), or only those named.
#
#   ASTERISK_PREFIX=/work/asterisk-build/install bash bench/voice/real-asterisk.sh [CALLS]
#   ASTERISK_PREFIX=... bash bench/voice/real-asterisk.sh features [SCENARIO...]
#
# For `features` the run adds, to the copies of the sample files only: a test customer for
# callbacks (+3399XXXXXX in switchboard-outbound, answers and stays; +3398XXXXXX rings and is never
# answered), Switchboard's recording
# directory set to this Asterisk's monitor directory, and the measuring AMI user reading the
# dialplan and agi classes too. BENCH_AMI_WRITE_EXTRA (e.g. `,system`) is appended to the sample
# switchboard user's `write =` line; BENCH_MOH_TONE=1 puts a generated tone into the `default`
# music-on-hold class's directory (this build installs no music on hold).
#
# ASTERISK_PREFIX is the --prefix Asterisk was installed to; its etc/asterisk must hold an
# asterisk.conf whose [directories] point under it. Reuses the EAR and server that
# bench/voice/run.sh (or any `./mvnw package -pl ear -am`) built last.
set -euo pipefail
cd "$(dirname "$0")/../.."
PREFIX="${ASTERISK_PREFIX:?set ASTERISK_PREFIX to the Asterisk installation}"
MODE=burst
SCENARIOS=()
if [ "${1:-}" = features ]; then
  MODE=features && shift && SCENARIOS=("$@") && CALLS=0
else
  CALLS="${1:-20}"
fi
OFFSET="${BENCH_VOICE_OFFSET:-26500}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
ETC="$PREFIX/etc/asterisk"
AST=("$PREFIX/sbin/asterisk" -C "$ETC/asterisk.conf")
SERVER=bench/target/asterisk-wildfly
LOG=bench/target/asterisk-server.log
AMI_PORT=$((5038 + OFFSET))
AGI_PORT=$((4573 + OFFSET))
HTTP="http://127.0.0.1:$((8080 + OFFSET))"
AMI_SECRET="$(openssl rand -hex 16)"
BENCH_SECRET="$(openssl rand -hex 16)"
SAMPLE=telephony-adapter/asterisk

# Asterisk: the sample files as an administrator pastes them, with this run's port and secrets
cp "$SAMPLE/confbridge.conf" "$SAMPLE/musiconhold.conf" "$ETC/"
sed -e "s/^port = 5038/port = $AMI_PORT/" \
    -e "s/^secret = change-me-to-a-long-random-secret/secret = $AMI_SECRET/" \
    -e "s/^\(write = [a-z,]*\)/\1${BENCH_AMI_WRITE_EXTRA:-}/" \
    "$SAMPLE/manager.conf" > "$ETC/manager.conf"
BENCH_READ=call
BENCH_WRITE=call,originate
if [ "$MODE" = features ]; then BENCH_READ=call,dialplan,agi && BENCH_WRITE=call,originate,reporting; fi
cat >> "$ETC/manager.conf" <<EOF

[bench]
secret = $BENCH_SECRET
deny = 0.0.0.0/0.0.0.0
permit = 127.0.0.1/255.255.255.255
read = $BENCH_READ
write = $BENCH_WRITE
EOF
sed -e "s#agi://127.0.0.1:4573/#agi://127.0.0.1:$AGI_PORT/#" "$SAMPLE/extensions.conf" \
  > "$ETC/extensions.conf"
RECORDING_DIR="$PREFIX/var/spool/asterisk/monitor"
if [ "$MODE" = features ]; then
  mkdir -p "$RECORDING_DIR" && rm -f "$RECORDING_DIR"/switchboard-*.wav
  printf '%s\n' '' '[switchboard-outbound]' \
    '; the bench test customer for callbacks: answers and stays on the line' \
    'exten => _+3399XXXXXX,1,Answer()' ' same => n,Wait(120)' ' same => n,Hangup()' \
    '; and one who never answers: the phone rings until Switchboard gives up' \
    'exten => _+3398XXXXXX,1,Ringing()' ' same => n,Wait(120)' ' same => n,Hangup()' \
    >> "$ETC/extensions.conf"
fi
MOH_DIR="$PREFIX/var/lib/asterisk/moh"
rm -f "$MOH_DIR/bench-tone.wav"
if [ "${BENCH_MOH_TONE:-0}" = 1 ]; then
  mkdir -p "$MOH_DIR"
  python3 -c "
import math, struct, sys, wave
w = wave.open(sys.argv[1], 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b''.join(struct.pack('<h', int(8000 * math.sin(2 * math.pi * 440 * i / 8000)))
                       for i in range(8000 * 5)))
w.close()" "$MOH_DIR/bench-tone.wav"
fi
"${AST[@]}" -rx "core stop now" > /dev/null 2>&1 || true
mkdir -p bench/target "$PREFIX/var/log/asterisk" && : > "$PREFIX/var/log/asterisk/messages.log"
"${AST[@]}" -f > bench/target/asterisk-console.log 2>&1 &
AST_PID=$!

# Switchboard, logged in to that Asterisk
rm -rf "$SERVER" && mkdir -p bench/target && cp -r ear/target/server "$SERVER"
cp ear/target/switchboard.ear "$SERVER/standalone/deployments/"
# one database per port offset, so runs at different offsets do not drop each other's
DB="switchboard_asterisk_bench_$OFFSET"
psql -q -d test -c "drop database if exists $DB with (force)" -c "create database $DB"
ACCOUNT="AC$(openssl rand -hex 16)"
TOKEN="$(openssl rand -hex 16)"
PIDFILE="$PWD/bench/target/asterisk-server.pid"
rm -f "$PIDFILE"
SWITCHBOARD_DB_DRIVER=postgresql \
SWITCHBOARD_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
SWITCHBOARD_DB_USER="$PGUSER" \
SWITCHBOARD_ACCOUNT_SID="$ACCOUNT" SWITCHBOARD_AUTH_TOKEN="$TOKEN" \
SWITCHBOARD_AMI_HOST=127.0.0.1 SWITCHBOARD_AMI_PORT="$AMI_PORT" \
SWITCHBOARD_AMI_USER=switchboard SWITCHBOARD_AMI_SECRET="$AMI_SECRET" \
SWITCHBOARD_TELEPHONY_RECORDING_DIR="$RECORDING_DIR" \
JAVA_OPTS="-Xms1g -Xmx2g" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$PIDFILE" \
  "$SERVER/bin/standalone.sh" -Djboss.socket.binding.port-offset="$OFFSET" > "$LOG" 2>&1 &
SCRIPT_PID=$!
stop_all() {
  "$SERVER/bin/jboss-cli.sh" --controller=127.0.0.1:$((9990 + OFFSET)) -c --command=:shutdown \
    > /dev/null 2>&1 || true
  if [ -s "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; fi
  wait "$SCRIPT_PID" 2>/dev/null || true
  "${AST[@]}" -rx "core stop now" > /dev/null 2>&1 || kill "$AST_PID" 2>/dev/null || true
}
trap stop_all EXIT
for _ in $(seq 1 180); do
  grep -q 'WFLYSRV0010: Deployed "switchboard.ear"' "$LOG" && break
  grep -q 'WFLYSRV0021' "$LOG" && { echo "deployment failed, see $LOG"; exit 1; }
  sleep 1
done
for _ in $(seq 1 30); do grep -q 'AMI connected to' "$LOG" && break; sleep 1; done

# A workspace, a queue for everyone, a workflow; the dialplan's enqueue AGI names the workflow
B="$HTTP/v1"
WS=$(curl -sf -u "$ACCOUNT:$TOKEN" "$B/Workspaces" -d FriendlyName=Bench | jq -r .sid)
WQ=$(curl -sf -u "$ACCOUNT:$TOKEN" "$B/Workspaces/$WS/TaskQueues" -d FriendlyName=Support \
  --data-urlencode 'TargetWorkers=1==1' | jq -r .sid)
WW=$(curl -sf -u "$ACCOUNT:$TOKEN" "$B/Workspaces/$WS/Workflows" -d FriendlyName=Main \
  -d TaskReservationTimeout=120 \
  --data-urlencode "Configuration={\"task_routing\":{\"default_filter\":{\"queue\":\"$WQ\"}}}" \
  | jq -r .sid)
sed -i -e "s/WWxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/$WW/" "$ETC/extensions.conf"
"${AST[@]}" -rx "dialplan reload" > /dev/null
"${AST[@]}" -rx "core show version"
echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$MODE" = features ]; then
  "${AST[@]}" -rx "moh show classes"
  python3 bench/voice/real_asterisk_features.py "$HTTP" "$ACCOUNT" "$TOKEN" "$WS" "$WW" "$WQ" \
    "$AMI_PORT" bench "$BENCH_SECRET" "$RECORDING_DIR" "${SCENARIOS[@]}" \
    | tee bench/target/asterisk-features.out
  ls -l "$RECORDING_DIR"
else
  python3 bench/voice/real_asterisk.py "$HTTP" "$ACCOUNT" "$TOKEN" "$WS" "$WW" "$AMI_PORT" bench \
    "$BENCH_SECRET" "$CALLS" | tee bench/target/asterisk-bench.out
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 3
echo "tasks: $(curl -sf -u "$ACCOUNT:$TOKEN" "$B/Workspaces/$WS/Tasks?PageSize=500" \
  | jq -r '[.tasks[].assignment_status] | group_by(.) | map("\(.[0]) \(length)") | join(", ")')"
echo "warnings/errors in the server log (whole run, start and stop included):" \
  "$(grep -c -E ' (WARN|WARNING|ERROR|SEVERE) ' "$LOG" || true)"
echo "warnings/errors in Asterisk's log: $(grep -c -E 'WARNING|ERROR' \
  "$PREFIX/var/log/asterisk/messages.log" || true)"
