#!/usr/bin/env python3
"""A small burst against a real Asterisk: N callers (Local channels) dial the sample dialplan's
number 3000 at once, N agents (Local channels answering in the sample's switchboard-test-agent
context) accept at once with the conference instruction. Prints, per call:

- originate -> caller in its conference: from the AMI Originate of the caller's Local channel to
  its ConfbridgeJoin (Asterisk sets the channel up, runs the dialplan, the enqueue AGI creates the
  task over FastAGI, the caller joins ConfBridge);
- accept -> worker in the conference: from the reservation's Instruction=conference request to
  the ConfbridgeJoin of the worker's leg (uniqueid = the reservation sid);
- accept -> worker channel created, worker channel created -> in the conference: the same split at
  the worker leg's Newchannel event (Switchboard's share, then Asterisk's);
- worker joined -> reservation accepted: the reservation.accepted event's event_date_ms minus the
  moment the ConfbridgeJoin of the worker's leg arrived here (same host clock).

Usage (run by bench/voice/real-asterisk.sh; bench/RESULTS.md, "Voice bursts on a real Asterisk 22"):
  real_asterisk.py BASE_URL ACCOUNT TOKEN WORKSPACE WORKFLOW AMI_PORT AMI_USER AMI_SECRET CALLS

The workspace and workflow must exist and be the ones the dialplan's enqueue AGI names; the script
creates CALLS workers with contact_uri Local/1NNN@switchboard-test-agent/n and makes them
available. Its AMI user needs read = call and write = originate, call.
"""
import base64
import json
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def main():
    base, account, token, workspace, workflow = sys.argv[1:6]
    ami_port, ami_user, ami_secret = int(sys.argv[6]), sys.argv[7], sys.argv[8]
    calls = int(sys.argv[9])
    auth = "Basic " + base64.b64encode(f"{account}:{token}".encode()).decode()
    ws = f"{base}/v1/Workspaces/{workspace}"

    def request(method, url, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Authorization", auth)
        with urllib.request.urlopen(req, timeout=60) as response:
            return json.loads(response.read() or b"{}")

    ami = Ami("127.0.0.1", ami_port, ami_user, ami_secret)

    available = [
        a["sid"]
        for a in request("GET", f"{ws}/Activities?FriendlyName=Available")["activities"]
    ][0]
    workers = []
    for i in range(calls):
        w = request(
            "POST",
            f"{ws}/Workers",
            {
                "FriendlyName": f"agent-{i}-{int(time.time())}",
                "Attributes": json.dumps(
                    {"contact_uri": f"Local/1{i:03d}@switchboard-test-agent/n"}
                ),
            },
        )
        request("POST", f"{ws}/Workers/{w['sid']}", {"ActivitySid": available})
        workers.append(w["sid"])
    print(f"setup: {calls} available agents on Local channels", flush=True)

    # (1) callers dial in at once
    started = {}
    for i in range(calls):
        # The caller's channel is the Local channel's second half (;2), which runs the dialplan.
        # Asterisk names it after ChannelId (OtherChannelId would name it, but Asterisk 22.10
        # refuses the pair on Local channels: "Channel Unique ID … already in use").
        caller = f"bench-caller-{int(time.time())}-{i:04d}"
        started[caller + ";2"] = time.time()
        ami.send(
            {
                "Action": "Originate",
                "Channel": "Local/3000@switchboard-inbound/n",
                "Application": "Wait",
                "Data": "600",
                "CallerID": f"+3310000{i:04d}",
                "ChannelId": caller,
                "Async": "true",
            }
        )
    joined = ami.wait_for(
        lambda e: e.get("Event") == "ConfbridgeJoin" and e.get("Uniqueid") in started,
        calls,
        60,
    )
    enqueue = [joined[u] - started[u] for u in joined]
    report("originate_to_caller_in_conference", calls, enqueue)

    # (2) every task has a pending reservation: agents accept at once
    pending = {}
    deadline = time.time() + 60
    while len(pending) < len(joined) and time.time() < deadline:
        for r in request("GET", f"{ws}/Tasks?AssignmentStatus=reserved&PageSize=500")["tasks"]:
            attributes = json.loads(r["attributes"])
            if attributes.get("call_sid") in joined and r["sid"] not in pending:
                res = request("GET", f"{ws}/Tasks/{r['sid']}/Reservations")["reservations"]
                mine = [x["sid"] for x in res if x["reservation_status"] == "pending"]
                if mine:
                    pending[r["sid"]] = mine[0]
        time.sleep(0.2)
    accepted_at = {}
    gate = threading.Event()

    def accept(task, reservation):
        gate.wait()
        accepted_at[reservation] = time.time()
        request(
            "POST",
            f"{ws}/Tasks/{task}/Reservations/{reservation}",
            {"Instruction": "conference"},
        )

    with ThreadPoolExecutor(max_workers=len(pending) or 1) as pool:
        futures = [pool.submit(accept, t, r) for t, r in pending.items()]
        time.sleep(0.5)
        gate.set()
        for f in futures:
            f.result()
    legs = ami.wait_for(
        lambda e: e.get("Event") == "ConfbridgeJoin" and e.get("Uniqueid") in accepted_at,
        len(accepted_at),
        60,
    )
    report(
        "accept_to_worker_in_conference",
        len(pending),
        [legs[r] - accepted_at[r] for r in legs],
    )
    # split at the worker leg's Newchannel: Switchboard's share (the request, the adapter, the
    # Originate on the wire) and Asterisk's (the Local channel up, answered, into ConfBridge)
    created = ami.wait_for(
        lambda e: e.get("Event") == "Newchannel" and e.get("Uniqueid") in accepted_at,
        len(legs),
        5,
    )
    report(
        "accept_to_worker_channel_created",
        len(pending),
        [created[r] - accepted_at[r] for r in created],
    )
    report(
        "worker_channel_created_to_in_conference",
        len(pending),
        [legs[r] - created[r] for r in created if r in legs],
    )

    # (3) the reservation accepted after the worker joined
    lag = []
    deadline = time.time() + 30
    for r, at in legs.items():
        while time.time() < deadline:
            events = request(
                "GET", f"{ws}/Events?EventType=reservation.accepted&ReservationSid={r}"
            )["events"]
            if events:
                lag.append(events[0]["event_date_ms"] / 1000.0 - at)
                break
            time.sleep(0.2)
    report("worker_joined_to_reservation_accepted", len(legs), lag)

    # hang up the callers: the tasks wrap up
    for caller in started:
        ami.send({"Action": "Hangup", "Channel": caller})
    ami.close()


def report(name, expected, seconds):
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        print(f"RESULT {name} calls=0 of {expected}", flush=True)
        return

    def pct(p):
        return ms[min(len(ms) - 1, int(round(p / 100.0 * len(ms) + 0.5)) - 1)]

    print(
        f"RESULT {name} calls={len(ms)} of {expected} min_ms={ms[0]:.1f} p50_ms={pct(50):.1f}"
        f" p99_ms={pct(99):.1f} max_ms={ms[-1]:.1f}",
        flush=True,
    )


class Ami:
    """A minimal AMI client: logs in, sends actions, stamps every event with its arrival time."""

    def __init__(self, host, port, user, secret):
        self.sock = socket.create_connection((host, port))
        self.file = self.sock.makefile("r", encoding="utf-8", newline="\r\n")
        self.file.readline()  # banner
        self.lock = threading.Condition()
        self.events = []
        self.send({"Action": "Login", "Username": user, "Secret": secret})
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, fields):
        text = "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
        self.sock.sendall(text.encode())

    def read(self):
        message = {}
        for line in self.file:
            line = line.rstrip("\r\n")
            if not line:
                if message:
                    message["_at"] = time.time()
                    with self.lock:
                        self.events.append(message)
                        self.lock.notify_all()
                message = {}
                continue
            key, _, value = line.partition(": ")
            message[key] = value

    def wait_for(self, match, count, timeout):
        """The arrival time of the first matching event per Uniqueid, once count arrived."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                found = {}
                for e in self.events:
                    if match(e) and e["Uniqueid"] not in found:
                        found[e["Uniqueid"]] = e["_at"]
                if len(found) >= count or time.time() > deadline:
                    return found
                self.lock.wait(0.5)

    def close(self):
        self.send({"Action": "Logoff"})
        self.sock.close()


if __name__ == "__main__":
    main()
