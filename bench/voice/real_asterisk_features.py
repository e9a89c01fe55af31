#!/usr/bin/env python3
"""The telephony adapter's features, one scenario each, against a real Asterisk configured with the
sample files (run by bench/voice/real-asterisk.sh with the argument `features`; bench/RESULTS.md,
"Voice bursts on a real Asterisk 22", says what was seen). Callers, agents, the supervisor and the
callback's customer are Local channels; what happened is read from Asterisk's own AMI events (this
program's AMI user reads the call, dialplan and agi classes) and from Switchboard's REST state.

Scenarios: hold, cold transfers to a queue and to a worker, warm transfers to a worker and to a
queue, the waiting loop of number 3001 (waiting, then connect), a callback (key 1), a voicemail
(key 2), recording (ConferenceRecord=true) and supervision (monitor, whisper, barge). Each prints
its steps as `  ok|FAIL <step> (+<ms> ms) <what was seen>` and ends with
`SCENARIO <name> PASS|FAIL`.

Usage:
  real_asterisk_features.py BASE_URL ACCOUNT TOKEN WORKSPACE WORKFLOW QUEUE AMI_PORT AMI_USER \
      AMI_SECRET RECORDING_DIR [SCENARIO...]

RECORDING_DIR is the directory Switchboard was told Asterisk records into
(switchboard.telephony.recording-dir). The dialplan must also have a test customer for callbacks,
`_+3399XXXXXX` in switchboard-outbound, that answers (real-asterisk.sh adds it).
"""
import base64
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CUSTOMER = "+339900"  # + 4 digits: answered by the bench's test customer in switchboard-outbound
UNANSWERED = "+339800"  # + 4 digits: rings in switchboard-outbound and is never answered


class Failed(Exception):
    pass


class Run:
    def __init__(self, argv):
        self.base, account, token, workspace, self.workflow, self.queue = argv[1:7]
        self.ami = Ami("127.0.0.1", int(argv[7]), argv[8], argv[9])
        self.recording_dir = argv[10]
        self.auth = "Basic " + base64.b64encode(f"{account}:{token}".encode()).decode()
        self.ws = f"{self.base}/v1/Workspaces/{workspace}"
        activities = self.get("/Activities")["activities"]
        self.activity = {a["friendly_name"]: a["sid"] for a in activities}
        self.counter = int(time.time()) % 10000
        self.step_failed = False

    # --- REST

    def request(self, method, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.ws + path, data=data, method=method)
        req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise Failed(f"{method} {path} answered {e.code}: {e.read().decode()[:300]}")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def worker(self, name, extension, available=True):
        w = self.post(
            "/Workers",
            {
                "FriendlyName": f"{name}-{self.counter}",
                "Attributes": json.dumps(
                    {"contact_uri": f"Local/{extension}@switchboard-test-agent/n"}
                ),
            },
        )
        if available:
            self.post(f"/Workers/{w['sid']}", {"ActivitySid": self.activity["Available"]})
        return w["sid"]

    def offline(self, *workers):
        for w in workers:
            try:
                self.post(f"/Workers/{w}", {"ActivitySid": self.activity["Offline"]})
            except Failed as e:
                print(f"  (could not take {w} offline: {e})")

    def task_where(self, label, match, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for t in self.get("/Tasks?PageSize=200")["tasks"]:
                attributes = json.loads(t["attributes"])
                if match(t, attributes):
                    return t
            time.sleep(0.3)
        raise Failed(f"no task {label} within {timeout} s")

    def task(self, sid):
        return self.get(f"/Tasks/{sid}")

    def pending_reservation(self, task, worker=None, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for r in self.get(f"/Tasks/{task}/Reservations")["reservations"]:
                if r["reservation_status"] == "pending" and worker in (None, r["worker_sid"]):
                    return r["sid"]
            time.sleep(0.3)
        raise Failed(f"no pending reservation for {task} within {timeout} s")

    def wait_task(self, sid, label, predicate, timeout=15):
        deadline = time.time() + timeout
        t = None
        while time.time() < deadline:
            t = self.task(sid)
            if predicate(t, json.loads(t["attributes"])):
                return t
            time.sleep(0.3)
        raise Failed(
            f"task {sid}: not {label} within {timeout} s (status {t and t['assignment_status']},"
            f" attributes {t and t['attributes']})"
        )

    def transfer_completes(self, task, transfer, timeout=10):
        """The transfer's status becomes complete (once the new worker's reservation is accepted,
        which follows her leg's answer), within `timeout` seconds."""
        deadline = time.time() + timeout
        status = None
        while time.time() < deadline:
            status = self.get(f"/Tasks/{task}/Transfers/{transfer}")["transfer_status"]
            if status == "complete":
                break
            time.sleep(0.3)
        self.step("transfer status", status == "complete", status)

    def complete(self, task):
        t = self.task(task)
        if t["assignment_status"] in ("assigned", "wrapping"):
            self.post(
                f"/Tasks/{task}", {"AssignmentStatus": "completed", "Reason": "scenario over"}
            )

    def reset(self):
        """Before a scenario: every worker offline, every task of earlier scenarios closed."""
        for w in self.get("/Workers?PageSize=200")["workers"]:
            if w["activity_name"] != "Offline":
                self.offline(w["sid"])
        for t in self.get("/Tasks?PageSize=200")["tasks"]:
            status = t["assignment_status"]
            if status in ("pending", "reserved"):
                self.post(
                    f"/Tasks/{t['sid']}",
                    {"AssignmentStatus": "canceled", "Reason": "scenario over"},
                )
            elif status in ("assigned", "wrapping"):
                self.complete(t["sid"])

    # --- steps

    def step(self, name, ok, seen, since=None):
        elapsed = f" (+{(time.time() - since) * 1000:.0f} ms)" if since else ""
        print(f"  {'ok' if ok else 'FAIL'} {name}{elapsed} {seen}", flush=True)
        if not ok:
            self.step_failed = True
        return ok

    def expect(self, name, mark, match, timeout=10, since=None):
        """Waits for an AMI event after position `mark` that matches; prints the step."""
        start = since or time.time()
        e = self.ami.wait(mark, match, timeout)
        if e is None:
            self.step(name, False, f"no such AMI event within {timeout} s", start)
            return None
        self.step(name, True, summary(e), start)
        return e

    def caller(self, number, caller_id):
        """A caller dials `number`: returns the uniqueid of the channel that runs the dialplan."""
        self.counter += 1
        channel_id = f"feat-{self.counter:06d}"
        self.ami.send(
            {
                "Action": "Originate",
                "Channel": f"Local/{number}@switchboard-inbound/n",
                "Application": "Wait",
                "Data": "600",
                "CallerID": caller_id,
                "ChannelId": channel_id,
                "Async": "true",
            }
        )
        return channel_id + ";2"

    def answered_call(self, name, number="3000", record=False):
        """A caller on 3000 answered by a fresh worker: (caller, task, reservation, worker)."""
        agent = self.worker(f"{name}-agent", f"1{self.counter % 1000:03d}")
        mark = self.ami.mark()
        caller = self.caller(number, f"+3310{self.counter:06d}")
        self.expect(
            "caller joins its conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin" and e.get("Uniqueid") == caller,
        )
        task = self.task_where("for the call", lambda t, a: a.get("call_sid") == caller)["sid"]
        reservation = self.pending_reservation(task, agent)
        form = {"Instruction": "conference"}
        if record:
            form["ConferenceRecord"] = "true"
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{task}/Reservations/{reservation}", form)
        self.expect(
            "agent's leg joins the caller's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == reservation
            and e.get("Conference") == f"switchboard-{task}",
            since=at,
        )
        self.wait_task(task, "assigned", lambda t, a: t["assignment_status"] == "assigned")
        return caller, task, reservation, agent

    def hang_up(self, channel):
        self.ami.send({"Action": "Hangup", "Channel": channel})

    def dtmf(self, channel, digit):
        # Asterisk 22's PlayDTMF with Receive: the digit arrives on the channel as if its phone
        # had sent it (the Local channel's ;2 runs the dialplan)
        self.ami.send(
            {"Action": "PlayDTMF", "Channel": channel, "Digit": digit, "Receive": "true"}
        )

    # --- scenarios

    def hold(self):
        caller, task, reservation, agent = self.answered_call("hold")
        self.hold_and_resume(caller, task)
        self.finish(caller, task, agent)

    def hold_and_resume(self, caller, task):
        """Holds the task's caller for 3 s and takes them off hold."""
        conference = f"switchboard-{task}"
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{task}/CustomerParticipant", {"Hold": "true"})
        self.expect(
            "caller leaves the conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeLeave" and e.get("Uniqueid") == caller,
            since=at,
        )
        self.expect(
            "caller runs switchboard-hold",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Uniqueid") == caller
            and e.get("Context") == "switchboard-hold"
            and e.get("Application") == "MusicOnHold",
            since=at,
        )
        self.expect(
            "MusicOnHoldStart on the caller",
            mark,
            lambda e: e.get("Event") == "MusicOnHoldStart" and e.get("Uniqueid") == caller,
            since=at,
        )
        self.wait_task(task, "caller_on_hold=true", lambda t, a: a.get("caller_on_hold") is True)
        self.step("task says caller_on_hold=true", True, "")
        time.sleep(3)
        gone = self.ami.find(mark, lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller)
        self.step("caller still up after 3 s on hold", gone is None, summary(gone) if gone else "")
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{task}/CustomerParticipant", {"Hold": "false"})
        self.expect(
            "caller back in the conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == caller
            and e.get("Conference") == conference,
            since=at,
        )
        self.wait_task(task, "caller_on_hold=false", lambda t, a: a.get("caller_on_hold") is False)
        self.step("task says caller_on_hold=false", True, "")

    def cold_transfer(self):
        self.cold(to_worker=False)

    def cold_transfer_to_worker(self):
        self.cold(to_worker=True)

    def cold(self, to_worker, call=None):
        """The caller moves to the transfer task's conference, the first agent's leg ends, and the
        second agent (the target worker, or the free member of the target queue) joins it. `call`:
        a connected call as answered_call gives it (a fresh one if None)."""
        caller, task, reservation, first = call or self.answered_call("cold")
        second = self.worker("cold-second", f"2{self.counter % 1000:03d}")
        mark = self.ami.mark()
        at = time.time()
        transfer = self.post(
            f"/Tasks/{task}/Transfers", {"To": second if to_worker else self.queue, "Mode": "COLD"}
        )
        new_task = transfer["transfer_task_sid"]
        self.step("transfer created", True, f"{transfer['sid']} -> task {new_task}", at)
        self.expect(
            "caller runs switchboard-transfer",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Uniqueid") == caller
            and e.get("Context") == "switchboard-transfer",
            since=at,
        )
        self.expect(
            "caller joins the transfer task's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == caller
            and e.get("Conference") == f"switchboard-{new_task}",
            since=at,
        )
        self.expect(
            "first agent's leg hung up",
            mark,
            lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == reservation,
            since=at,
        )
        self.wait_task(task, "wrapping", lambda t, a: t["assignment_status"] == "wrapping")
        self.step("original task wrapping", True, "")
        r2 = self.pending_reservation(new_task, second)
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{new_task}/Reservations/{r2}", {"Instruction": "conference"})
        self.expect(
            "second agent joins the caller's new conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == r2
            and e.get("Conference") == f"switchboard-{new_task}",
            since=at,
        )
        time.sleep(2)
        gone = self.ami.find(mark, lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller)
        self.step("caller still up with the second agent", gone is None, summary(gone) if gone else "")
        self.transfer_completes(task, transfer["sid"])
        self.complete(task)
        self.finish(caller, new_task, first, second)

    def warm_transfer(self):
        self.warm(to_queue=False)

    def warm_transfer_to_queue(self):
        self.warm(to_queue=True)

    def warm(self, to_queue, call=None):
        """The second agent (the target worker, or the free member of the target queue) joins the
        first agent's conference with the caller; the caller stays when the first agent leaves.
        `call`: a connected call as answered_call gives it (a fresh one if None)."""
        caller, task, reservation, first = call or self.answered_call("warm")
        second = self.worker("warm-second", f"2{self.counter % 1000:03d}")
        at = time.time()
        transfer = self.post(
            f"/Tasks/{task}/Transfers", {"To": self.queue if to_queue else second, "Mode": "WARM"}
        )
        new_task = transfer["transfer_task_sid"]
        self.step("transfer created", True, f"{transfer['sid']} -> task {new_task}", at)
        r2 = self.pending_reservation(new_task, second)
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{new_task}/Reservations/{r2}", {"Instruction": "conference"})
        self.expect(
            "second agent joins the first agent's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == r2
            and e.get("Conference") == f"switchboard-{task}",
            since=at,
        )
        members = self.ami.confbridge_members(f"switchboard-{task}")
        self.step(
            "three in the conference",
            {caller, reservation, r2} <= set(members),
            f"ConfbridgeList: {sorted(members)}",
        )
        self.wait_task(
            new_task, "assigned", lambda t, a: t["assignment_status"] == "assigned"
        )
        mark = self.ami.mark()
        at = time.time()
        self.hang_up(reservation)  # the first agent hangs up
        self.expect(
            "first agent leaves",
            mark,
            lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == reservation,
            since=at,
        )
        self.wait_task(task, "wrapping", lambda t, a: t["assignment_status"] == "wrapping")
        self.step("original task wrapping", True, "")
        time.sleep(2)
        gone = self.ami.find(mark, lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller)
        self.step("caller still up with the second agent", gone is None, summary(gone) if gone else "")
        members = self.ami.confbridge_members(f"switchboard-{task}")
        self.step("caller and second agent remain", {caller, r2} <= set(members), f"{sorted(members)}")
        self.transfer_completes(task, transfer["sid"])
        self.complete(task)
        self.finish(caller, new_task, first, second)

    def waiting_caller(self, customer=CUSTOMER):
        """A caller on 3001 with nobody available: it waits in the loop. Returns (caller, task)."""
        mark = self.ami.mark()
        caller = self.caller("3001", f"{customer}{self.counter % 10000:04d}")
        self.expect(
            "waiting AGI answers wait",
            mark,
            lambda e: e.get("Event") == "VarSet"
            and e.get("Uniqueid") == caller
            and e.get("Variable") == "SWITCHBOARD_NEXT"
            and e.get("Value") == "wait",
            timeout=15,
        )
        position = self.ami.find(
            mark,
            lambda e: e.get("Event") == "VarSet"
            and e.get("Uniqueid") == caller
            and e.get("Variable") == "SWITCHBOARD_POSITION",
        )
        self.step("position announced", position is not None, summary(position) if position else "")
        self.expect(
            "caller waits in WaitExten (music on hold)",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Uniqueid") == caller
            and e.get("Application") == "WaitExten",
            timeout=15,
        )
        task = self.task_where("for the waiting call", lambda t, a: a.get("call_sid") == caller)
        return caller, task["sid"]

    def waiting_connect(self):
        caller, task = self.waiting_caller()
        agent = self.worker("wait-agent", f"3{self.counter % 1000:03d}")
        reservation = self.pending_reservation(task, agent)
        mark = self.ami.mark()
        at = time.time()
        self.post(f"/Tasks/{task}/Reservations/{reservation}", {"Instruction": "conference"})
        self.expect(
            "caller redirected to switchboard-connect",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Uniqueid") == caller
            and e.get("Context") == "switchboard-connect",
            since=at,
        )
        self.expect(
            "caller joins its conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin" and e.get("Uniqueid") == caller,
            since=at,
        )
        self.expect(
            "agent joins the caller's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin" and e.get("Uniqueid") == reservation,
            since=at,
        )
        self.wait_task(task, "assigned", lambda t, a: t["assignment_status"] == "assigned")
        self.step("task assigned", True, "")
        self.finish(caller, task, agent)

    def callback(self):
        task, _, agent = self.callback_connected("callback-agent")
        self.finish(task, task, agent)

    def callback_hold(self):
        """The customer of a connected callback put on hold and taken off it."""
        task, _, agent = self.callback_connected("callback-hold-agent")
        self.hold_and_resume(task, task)
        self.finish(task, task, agent)

    def callback_cold_transfer(self):
        """The customer of a connected callback cold-transferred to another worker (the customer's
        leg has the callback task's sid as its uniqueid, as a caller's call_sid is its own)."""
        task, reservation, agent = self.callback_connected("callback-cold-agent")
        self.cold(to_worker=True, call=(task, task, reservation, agent))

    def callback_warm_transfer(self):
        """The customer of a connected callback warm-transferred to another worker."""
        task, reservation, agent = self.callback_connected("callback-warm-agent")
        self.warm(to_queue=False, call=(task, task, reservation, agent))

    def callback_connected(self, agent_name):
        """A callback accepted with `conference`: (the callback task, which is also the customer's
        uniqueid, the reservation, which is also the agent's leg's uniqueid, and the worker)."""
        callback, attributes = self.callback_asked(CUSTOMER)
        agent = self.worker(agent_name, f"4{self.counter % 1000:03d}")
        reservation = self.pending_reservation(callback["sid"], agent)
        mark = self.ami.mark()
        at = time.time()
        self.post(
            f"/Tasks/{callback['sid']}/Reservations/{reservation}", {"Instruction": "conference"}
        )
        conference = f"switchboard-{callback['sid']}"
        self.expect(
            "agent joins the callback's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == reservation
            and e.get("Conference") == conference,
            since=at,
        )
        customer = self.expect(
            "customer dialled into the same conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == callback["sid"]
            and e.get("Conference") == conference,
            timeout=15,
            since=at,
        )
        if customer:
            expected = f"Local/{attributes.get('callback_number')}@switchboard-outbound-"
            self.step(
                "customer's channel",
                customer.get("Channel", "").startswith(expected),
                customer.get("Channel"),
            )
        self.wait_task(
            callback["sid"], "assigned", lambda t, a: t["assignment_status"] == "assigned"
        )
        self.step("callback task assigned", True, "")
        return callback["sid"], reservation, agent

    def callback_no_answer(self):
        """The customer's phone rings until the originate timeout (30 s by default)."""
        callback, attributes = self.callback_asked(UNANSWERED)
        agent = self.worker("unanswered-agent", f"4{self.counter % 1000:03d}")
        reservation = self.pending_reservation(callback["sid"], agent)
        mark = self.ami.mark()
        at = time.time()
        self.post(
            f"/Tasks/{callback['sid']}/Reservations/{reservation}", {"Instruction": "conference"}
        )
        self.expect(
            "agent joins the callback's conference",
            mark,
            lambda e: e.get("Event") == "ConfbridgeJoin"
            and e.get("Uniqueid") == reservation
            and e.get("Conference") == f"switchboard-{callback['sid']}",
            since=at,
        )
        number = attributes.get("callback_number")
        self.expect(
            "customer's phone rings",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Context") == "switchboard-outbound"
            and e.get("Exten") == number
            and e.get("Application") == "Ringing",
            timeout=15,
            since=at,
        )
        self.expect(
            "the customer's originate fails unanswered",
            mark,
            lambda e: e.get("Event") == "OriginateResponse"
            and e.get("Response") == "Failure"
            and e.get("Channel", "").startswith(f"Local/{number}@switchboard-outbound"),
            timeout=45,
            since=at,
        )
        self.expect(
            "the agent's leg is hung up",
            mark,
            lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == reservation,
            timeout=10,
            since=at,
        )
        wrapped = self.wait_task(
            callback["sid"], "wrapping", lambda t, a: t["assignment_status"] == "wrapping"
        )
        self.step(
            "callback task wraps up with the reason",
            wrapped.get("reason") == "Customer did not answer the callback: no-answer",
            wrapped.get("reason") or "",
        )
        self.complete(callback["sid"])
        self.offline(agent)

    def callback_asked(self, customer):
        """A waiting caller presses 1: returns the callback task and its attributes."""
        caller, task = self.waiting_caller(customer)
        mark = self.ami.mark()
        at = time.time()
        self.dtmf(caller, "1")
        self.expect(
            "callback AGI answers callback",
            mark,
            lambda e: e.get("Event") == "VarSet"
            and e.get("Uniqueid") == caller
            and e.get("Variable") == "SWITCHBOARD_NEXT"
            and e.get("Value") == "callback",
            since=at,
        )
        self.expect(
            "caller hangs up after the confirmation",
            mark,
            lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller,
            timeout=20,
            since=at,
        )
        self.wait_task(task, "canceled", lambda t, a: t["assignment_status"] == "canceled")
        self.step("the call's task canceled", True, self.task(task).get("reason") or "")
        callback = self.task_where(
            "for the callback", lambda t, a: a.get("callback_for") == task
        )
        attributes = json.loads(callback["attributes"])
        self.step(
            "callback task created",
            True,
            f"{callback['sid']} callback_number={attributes.get('callback_number')}",
        )
        return callback, attributes

    def voicemail(self):
        caller, task = self.waiting_caller()
        mark = self.ami.mark()
        at = time.time()
        self.dtmf(caller, "2")
        self.expect(
            "voicemail AGI answers voicemail",
            mark,
            lambda e: e.get("Event") == "VarSet"
            and e.get("Uniqueid") == caller
            and e.get("Variable") == "SWITCHBOARD_NEXT"
            and e.get("Value") == "voicemail",
            since=at,
        )
        record = self.expect(
            "caller records (Record)",
            mark,
            lambda e: e.get("Event") == "Newexten"
            and e.get("Uniqueid") == caller
            and e.get("Application") == "Record",
            since=at,
        )
        time.sleep(3)
        self.dtmf(caller, "#")
        self.expect(
            "caller hangs up after the message",
            mark,
            lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller,
            timeout=20,
            since=at,
        )
        status = self.ami.find(
            mark,
            lambda e: e.get("Event") == "VarSet"
            and e.get("Uniqueid") == caller
            and e.get("Variable") == "RECORD_STATUS",
        )
        self.step(
            "Record's RECORD_STATUS",
            status is not None and status.get("Value") == "DTMF",
            summary(status) if status else "not set",
        )
        file = f"{self.recording_dir}/switchboard-voicemail-{task}.wav"
        self.step(
            "the recording exists",
            os.path.exists(file),
            f"{file} {os.path.getsize(file) if os.path.exists(file) else 'missing'} bytes"
            + (f" (Record({record.get('AppData')}))" if record else ""),
        )
        voicemail = self.task_where(
            "for the voicemail", lambda t, a: a.get("voicemail_for") == task
        )
        media = json.loads(voicemail["attributes"]).get("conversations", {}).get("media", [])
        self.step(
            "voicemail task with the recording",
            any(m.get("url") == "file://" + file for m in media),
            f"{voicemail['sid']} media={media}",
        )
        self.post(
            f"/Tasks/{voicemail['sid']}",
            {"AssignmentStatus": "canceled", "Reason": "scenario over"},
        )

    def recording(self):
        caller, task, reservation, agent = self.answered_call("rec", record=True)
        mark = 0
        rec = self.expect(
            "ConfbridgeRecord (recording started)",
            mark,
            lambda e: e.get("Event") == "ConfbridgeRecord"
            and e.get("Conference") == f"switchboard-{task}",
            timeout=5,
        )
        file = f"{self.recording_dir}/switchboard-{task}.wav"
        media = json.loads(self.task(task)["attributes"]).get("conversations", {}).get("media", [])
        self.step("task lists the recording", bool(media), f"{media}")
        time.sleep(3)
        self.finish(caller, task, agent)
        time.sleep(1)
        exists = os.path.exists(file)
        self.step(
            "the recording file exists",
            exists,
            f"{file} {os.path.getsize(file) if exists else 'missing'} bytes",
        )
        if rec is None and media:
            self.step("the task lists a file that Asterisk did not record", False, "")

    def supervision(self):
        caller, task, reservation, agent = self.answered_call("sup")
        supervisor = self.worker("supervisor", f"9{self.counter % 1000:03d}", available=False)
        for mode, options in (("monitor", "qEu"), ("whisper", "qEuw"), ("barge", "qEuB")):
            mark = self.ami.mark()
            at = time.time()
            self.post(
                f"/Tasks/{task}/Reservations/{reservation}",
                {"Instruction": "supervise", "Supervisor": supervisor, "SupervisorMode": mode},
            )
            start = self.expect(
                f"{mode}: ChanSpyStart on the agent's leg",
                mark,
                lambda e: e.get("Event") == "ChanSpyStart"
                and e.get("SpyeeUniqueid") == reservation,
                since=at,
            )
            if start is None:
                continue
            spy = start.get("SpyerChannel")
            data = self.ami.application_of(spy)
            self.step(
                f"{mode}: ChanSpy's arguments",
                data == ("ChanSpy", f"{reservation},{options}"),
                f"{data[0]}({data[1]}) on {spy}" if data else f"{spy} not listed",
            )
            mark = self.ami.mark()
            self.hang_up(spy)
            self.ami.wait(
                mark, lambda e: e.get("Event") == "Hangup" and e.get("Channel") == spy, 5
            )
        self.finish(caller, task, agent, supervisor)

    def finish(self, caller, task, *workers):
        mark = self.ami.mark()
        self.hang_up(caller)
        self.ami.wait(mark, lambda e: e.get("Event") == "Hangup" and e.get("Uniqueid") == caller, 5)
        try:
            self.wait_task(
                task,
                "wrapping",
                lambda t, a: t["assignment_status"] in ("wrapping", "completed", "canceled"),
            )
            self.complete(task)
        except Failed as e:
            self.step("task ends after the hang-up", False, str(e))
        self.offline(*workers)


def summary(e):
    keys = (
        "Event", "Channel", "Uniqueid", "Conference", "Context", "Exten", "Application",
        "AppData", "Variable", "Value", "Class", "Cause-txt", "SpyerChannel", "SpyeeChannel",
    )
    return " ".join(f"{k}={e[k]}" for k in keys if e.get(k))


class Ami:
    """A minimal AMI client: logs in, sends actions, keeps every event with its arrival time."""

    def __init__(self, host, port, user, secret):
        self.sock = socket.create_connection((host, port))
        self.file = self.sock.makefile("r", encoding="utf-8", newline="\r\n")
        self.file.readline()  # banner
        self.lock = threading.Condition()
        self.events = []
        self.next_id = 0
        self.send({"Action": "Login", "Username": user, "Secret": secret})
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, fields):
        with self.lock:
            self.next_id += 1
            action_id = f"feat-{self.next_id}"
        fields = dict(fields, ActionID=action_id)
        text = "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
        self.sock.sendall(text.encode())
        return action_id

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
            message.setdefault(key, value)

    def mark(self):
        with self.lock:
            return len(self.events)

    def find(self, mark, match):
        with self.lock:
            return next((e for e in self.events[mark:] if match(e)), None)

    def wait(self, mark, match, timeout):
        deadline = time.time() + timeout
        with self.lock:
            while True:
                found = next((e for e in self.events[mark:] if match(e)), None)
                if found is not None or time.time() > deadline:
                    return found
                self.lock.wait(0.2)

    def response(self, action_id, timeout=5):
        return self.wait(0, lambda e: e.get("ActionID") == action_id and "Response" in e, timeout)

    def confbridge_members(self, conference):
        """The uniqueids ConfbridgeList names for a conference."""
        mark = self.mark()
        action_id = self.send({"Action": "ConfbridgeList", "Conference": conference})
        self.wait(
            mark,
            lambda e: e.get("ActionID") == action_id
            and (e.get("Event") == "ConfbridgeListComplete" or e.get("Response") == "Error"),
            5,
        )
        with self.lock:
            return [
                e.get("Uniqueid")
                for e in self.events[mark:]
                if e.get("ActionID") == action_id and e.get("Event") == "ConfbridgeList"
            ]

    def application_of(self, channel):
        """(Application, ApplicationData) of a channel, as CoreShowChannels lists it."""
        mark = self.mark()
        action_id = self.send({"Action": "CoreShowChannels"})
        self.wait(
            mark,
            lambda e: e.get("ActionID") == action_id
            and e.get("Event") == "CoreShowChannelsComplete",
            5,
        )
        found = self.find(
            mark,
            lambda e: e.get("ActionID") == action_id
            and e.get("Event") == "CoreShowChannel"
            and e.get("Channel") == channel,
        )
        return (found.get("Application"), found.get("ApplicationData")) if found else None

    def close(self):
        self.send({"Action": "Logoff"})
        self.sock.close()


SCENARIOS = (
    "hold", "cold_transfer", "cold_transfer_to_worker", "warm_transfer", "warm_transfer_to_queue",
    "waiting_connect", "callback", "callback_hold", "callback_no_answer", "callback_cold_transfer",
    "callback_warm_transfer", "voicemail", "recording", "supervision",
)


def main():
    run = Run(sys.argv)
    chosen = sys.argv[11:] or SCENARIOS
    results = {}
    for name in chosen:
        print(f"SCENARIO {name}", flush=True)
        run.step_failed = False
        started = time.time()
        try:
            run.reset()
            getattr(run, name)()
        except Failed as e:
            run.step(name, False, str(e))
        results[name] = "FAIL" if run.step_failed else "PASS"
        print(f"SCENARIO {name} {results[name]} ({time.time() - started:.1f} s)", flush=True)
    print("SUMMARY " + " ".join(f"{k}={v}" for k, v in results.items()), flush=True)
    run.ami.close()


if __name__ == "__main__":
    main()
