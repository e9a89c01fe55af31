// Drives Twilio's official twilio-taskrouter SDK (unchanged, in Node over `ws`) against Switchboard.
// Run by RealtimeSdkIT: `node sdk-flow.js <scenario>` with the server's addresses and the seeded
// sids in the environment. Prints one line per step ("STEP <name> <json>") and exits 0 when the
// scenario succeeded, 1 with "FAIL <reason>" otherwise.
'use strict';
const { Worker } = require('twilio-taskrouter');

const env = (name) => {
  const value = process.env[name];
  if (!value) fail(`missing environment variable ${name}`);
  return value;
};
const ROOT = process.env.SB_ROOT; // e.g. http://127.0.0.1:38080
const basic = () =>
  'Basic ' + Buffer.from(`${env('SB_ACCOUNT_SID')}:${env('SB_AUTH_TOKEN')}`).toString('base64');

function step(name, data) {
  console.log(`STEP ${name} ${JSON.stringify(data === undefined ? {} : data)}`);
}
function fail(reason) {
  console.log(`FAIL ${reason}`);
  process.exit(1);
}
process.on('unhandledRejection', (e) => fail(`unhandled rejection: ${e && (e.stack || e.message || e)}`));
process.on('uncaughtException', (e) => fail(`uncaught exception: ${e && (e.stack || e.message || e)}`));
setTimeout(() => fail('the scenario did not finish within 90 s'), 90000).unref();

async function post(path, form, headers = {}) {
  const response = await fetch(ROOT + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.json() };
}

/** Redeems a sign-in code at /realtime/agent-tokens, as the agent page does. */
async function signIn(code) {
  const { status, body } = await post('/realtime/agent-tokens', { Code: code });
  if (status !== 200) fail(`sign-in with a code answered ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Creates a task over the REST API, as an integrator's backend does. */
async function createTask(attributes) {
  const { status, body } = await post(
    `/v1/Workspaces/${env('SB_WORKSPACE_SID')}/Tasks`,
    { WorkflowSid: env('SB_WORKFLOW_SID'), Attributes: JSON.stringify(attributes) },
    { Authorization: basic() },
  );
  if (status !== 201) fail(`creating a task answered ${status} ${JSON.stringify(body)}`);
  step('task.created', { sid: body.sid });
  return body.sid;
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, resolve));
}

function connect(session, options = {}) {
  const worker = new Worker(session.token, {
    ebServer: session.eb_server,
    wsServer: session.ws_server,
    logLevel: 'silent',
    ...options,
  });
  worker.on('error', (e) => step('worker.error', { message: String(e && e.message) }));
  worker.on('disconnected', (r) => step('worker.disconnected', { message: r && r.message }));
  return worker;
}

async function goTo(worker, name) {
  const activity = [...worker.activities.values()].find((a) => a.name === name);
  if (!activity) fail(`no activity named ${name}`);
  const updated = once(worker, 'activityUpdated');
  await activity.setAsCurrent();
  await updated; // the worker.activity.update event came over the socket
  if (worker.activity.name !== name) fail(`the worker is ${worker.activity.name}, not ${name}`);
  step('worker.activity', { name: worker.activity.name, available: worker.available });
}

/** Waits for reservation.created for a new task, accepts it and completes the task. */
async function serveOneTask(worker, attributes) {
  const created = once(worker, 'reservationCreated');
  const taskSid = await createTask(attributes);
  const reservation = await created;
  step('reservation.created', {
    sid: reservation.sid,
    status: reservation.status,
    task_sid: reservation.task.sid,
    attributes: reservation.task.attributes,
  });
  if (reservation.task.sid !== taskSid) fail(`the reservation is for ${reservation.task.sid}, not ${taskSid}`);
  const accepted = once(reservation, 'accepted');
  await reservation.accept();
  await accepted;
  step('reservation.accepted', { sid: reservation.sid, status: reservation.status });
  const completed = once(reservation, 'completed');
  await reservation.task.complete('Handled in the SDK test');
  await completed;
  step('reservation.completed', { sid: reservation.sid, status: reservation.status });
  return reservation;
}

/** Waits for reservation.created for a new task and accepts it. */
async function acceptOneTask(worker, attributes) {
  const created = once(worker, 'reservationCreated');
  await createTask(attributes);
  const reservation = await created;
  const accepted = once(reservation, 'accepted');
  await reservation.accept();
  await accepted;
  step('reservation.accepted', { sid: reservation.sid, task_sid: reservation.task.sid });
  return reservation;
}

const scenarios = {
  /** offline → available → reservation.created → accept → complete → offline */
  async flow() {
    const session = await signIn(env('SB_CODE'));
    const worker = connect(session);
    await once(worker, 'ready');
    step('worker.ready', { sid: worker.sid, activity: worker.activity.name });
    await goTo(worker, 'Available');
    await serveOneTask(worker, { type: 'support', from: 'sdk-flow' });
    await goTo(worker, 'Offline');
    worker.disconnect();
  },

  /** A worker's token must not reach another worker; tampered tokens are refused. */
  async refused() {
    const session = await signIn(env('SB_CODE'));
    const other = env('SB_OTHER_WORKER_SID');
    const ask = async (token, url, method = 'GET', params = {}) => {
      const response = await fetch(session.eb_server, {
        method: 'POST',
        body: JSON.stringify({ url, method, params, token }),
      });
      return { status: response.status, body: await response.json() };
    };
    const ws = session.workspace_sid;
    const own = await ask(session.token, `Workspaces/${ws}/Workers/${session.worker_sid}`);
    step('own.worker', { status: own.status, sid: own.body.payload && own.body.payload.sid });
    const read = await ask(session.token, `Workspaces/${ws}/Workers/${other}`);
    step('other.worker.read', { status: read.status, body: read.body });
    const write = await ask(session.token, `Workspaces/${ws}/Workers/${other}`, 'POST', {
      ActivitySid: env('SB_AVAILABLE_SID'),
    });
    step('other.worker.write', { status: write.status, body: write.body });
    const [h, p, s] = session.token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.grants.task_router.worker_sid = other;
    const forged = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
    const tampered = await ask(forged, `Workspaces/${ws}/Workers/${other}`);
    step('tampered.token', { status: tampered.status, body: tampered.body });
    // The SDK itself, given the forged token, is refused at the socket.
    const worker = new Worker(forged, {
      ebServer: session.eb_server,
      wsServer: session.ws_server,
      logLevel: 'silent',
    });
    worker.on('error', (e) => step('tampered.error', { message: String(e && e.message) }));
    const refused = await new Promise((resolve) => {
      worker.on('ready', () => resolve('ready'));
      worker.on('disconnected', (r) => resolve(`disconnected: ${r && r.message}`));
    });
    step('tampered.socket', { outcome: refused });
    worker.disconnect();
  },

  /**
   * alice takes a task and hands it warm to bob with the SDK's task.transfer(): bob's reservation
   * carries the incoming transfer, bob accepts, alice's outgoing transfer completes.
   */
  async transfer() {
    const alice = connect(await signIn(env('SB_CODE')));
    const bob = connect(await signIn(env('SB_OTHER_CODE')));
    await Promise.all([once(alice, 'ready'), once(bob, 'ready')]);
    await goTo(alice, 'Available');
    const reservation = await acceptOneTask(alice, { type: 'support', from: 'transfer-flow' });
    await goTo(bob, 'Available');
    const task = reservation.task;
    const offered = once(bob, 'reservationCreated');
    const initiated = once(task, 'transferInitiated');
    await task.transfer(bob.sid, { mode: 'WARM' });
    const outgoing = task.transfers.outgoing;
    const completed = once(outgoing, 'completed');
    step('transfer.initiated', {
      sid: outgoing.sid,
      status: outgoing.status,
      to: outgoing.to,
      mode: outgoing.mode,
      type: outgoing.type,
      reservation_sid: outgoing.reservationSid,
      worker_sid: outgoing.workerSid,
    });
    await initiated;
    step('transfer.initiated.event', { sid: task.transfers.outgoing.sid });
    const incoming = await offered;
    const transfer = incoming.transfer;
    step('transfer.offered', {
      task_sid: incoming.task.sid,
      transfer_sid: transfer && transfer.sid,
      worker_sid: transfer && transfer.workerSid,
      mode: transfer && transfer.mode,
      type: transfer && transfer.type,
      task_incoming_sid: incoming.task.transfers.incoming && incoming.task.transfers.incoming.sid,
      attributes: incoming.task.attributes,
    });
    const accepted = once(incoming, 'accepted');
    await incoming.accept();
    await accepted;
    await completed;
    step('transfer.completed', { sid: outgoing.sid, status: task.transfers.outgoing.status });
    await task.complete('Handed over to bob');
    await incoming.task.complete('Done after the transfer');
    step('tasks.completed', { original: task.sid, transferred: incoming.task.sid });
    alice.disconnect();
    bob.disconnect();
  },

  /** A dropped socket reconnects by itself and still receives the next reservation. */
  async reconnect() {
    const session = await signIn(env('SB_CODE'));
    // The worker stays available while its socket is down (the default would move it offline
    // after the server's grace period).
    const worker = connect(session, { setWorkerOfflineIfDisconnected: false });
    await once(worker, 'ready');
    step('worker.ready', { sid: worker.sid });
    await goTo(worker, 'Available');
    const readyAgain = once(worker, 'ready');
    worker._signaling.webSocket.terminate(); // the network drops
    step('socket.dropped', {});
    await readyAgain;
    step('worker.ready.again', { sid: worker.sid, activity: worker.activity.name });
    await serveOneTask(worker, { type: 'support', from: 'after-reconnect' });
    await goTo(worker, 'Offline');
    worker.disconnect();
  },
};

const scenario = scenarios[process.argv[2]];
if (!scenario) fail(`unknown scenario ${process.argv[2]}; use one of ${Object.keys(scenarios)}`);
scenario()
  .then(() => {
    step('done', {});
    process.exit(0);
  })
  .catch((e) => fail(e && (e.stack || e.message || e)));
