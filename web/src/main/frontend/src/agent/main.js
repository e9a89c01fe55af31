// The agent page: one worker, signed in through a one-time link, connected with Twilio's own
// TaskRouter SDK (twilio-taskrouter, bundled from npm) pointed at Switchboard's event bridge.
import * as TaskRouter from 'twilio-taskrouter';
import { h, fill, duration, clock } from '../common/dom.js';
import * as sessions from './session.js';

const Worker = TaskRouter.Worker ?? TaskRouter.default?.Worker;

const $ = (id) => document.getElementById(id);
const view = {
  connection: $('connection'),
  connectionDetail: $('connection-detail'),
  signedOut: $('signed-out'),
  signedOutReason: $('signed-out-reason'),
  desk: $('desk'),
  name: $('worker-name'),
  activity: $('activity'),
  activityNote: $('activity-note'),
  offers: $('offers'),
  tasks: $('tasks'),
  meanwhile: $('meanwhile'),
  meanwhileList: $('meanwhile-list'),
  log: $('log'),
  signOut: $('sign-out'),
};

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: no network',
  'signed-out': 'Signed out',
};

let session = null;
let worker = null;
let state = 'connecting';
let everReady = false;
/** Whether the SDK's socket is up and initialised (between its ready and disconnected events). */
let socketUp = false;
let signingOut = false;
/** What the page showed when the connection dropped: {at, activity, reservations: Map}. */
let beforeDrop = null;
let renewTimer = null;
let nudgeTimer = null;
let nudgeDelay = 5000;
const bound = new WeakSet();
/** Reservations of phone calls whose Accept is ringing the agent's phone, by sid. */
const ringing = new Set();

// ---------------------------------------------------------------------------------------------
// Connection state

function setState(next, detail = '') {
  state = next;
  view.connection.textContent = LABELS[next];
  view.connection.dataset.state = next;
  view.connectionDetail.textContent = detail;
}

function log(message, kind = 'info') {
  view.log.prepend(h('li', { class: kind }, h('time', {}, clock()), ' ', message));
  while (view.log.children.length > 50) view.log.lastElementChild.remove();
}

function signedOut(reason) {
  clearTimeout(renewTimer);
  clearTimeout(nudgeTimer);
  setState('signed-out');
  view.desk.hidden = true;
  view.signedOut.hidden = false;
  view.signedOutReason.textContent = reason;
}

// ---------------------------------------------------------------------------------------------
// Sign-in, token renewal, reconnect

async function start() {
  const code = sessions.takeCodeFromAddress();
  try {
    session = code ? await sessions.exchange(code) : sessions.stored();
  } catch (e) {
    signedOut(`This sign-in link cannot be used: ${e.message}. Links work once and expire; ask your administrator for a new one.`);
    return;
  }
  if (!session) {
    signedOut('Open the sign-in link your administrator gave you to start.');
    return;
  }
  view.signedOut.hidden = true;
  view.desk.hidden = false;
  connect();
}

function connect() {
  setState('connecting');
  worker = new Worker(session.token, {
    ebServer: session.eb_server,
    wsServer: session.ws_server,
    logLevel: 'warn',
  });
  worker.on('ready', onReady);
  worker.on('disconnected', onDisconnected);
  worker.on('error', (error) => {
    view.connectionDetail.textContent = error?.message ?? String(error);
  });
  worker.on('tokenExpired', renewToken);
  worker.on('activityUpdated', () => {
    renderWorker();
    log(`Your activity is now ${worker.activity?.name}.`);
  });
  worker.on('reservationCreated', (reservation) => {
    bindReservation(reservation);
    log(`New offer: ${label(reservation)}.`, 'offer');
    renderReservations();
  });
  scheduleRenewal();
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  // Renew a minute before expiry, independent of the SDK's own tokenExpired timer, so a token
  // is fresh even when a sleeping laptop wakes up after the SDK's timer should have fired.
  const due = Math.max(5000, session.expires_at - Date.now() - 60000);
  renewTimer = setTimeout(renewToken, due);
}

async function renewToken() {
  try {
    session = await sessions.renew(session);
    worker.updateToken(session.token);
    scheduleRenewal();
  } catch (e) {
    if (e.status >= 400 && e.status < 500) {
      // the server refused: the token expired or was revoked
      sessions.forget();
      worker?.disconnect();
      signedOut(`Your session ended (${e.message}). Ask your administrator for a new sign-in link.`);
    } else {
      // no answer (network down, server restarting): try again shortly
      clearTimeout(renewTimer);
      renewTimer = setTimeout(renewToken, 10000);
    }
  }
}

function onDisconnected(reason) {
  socketUp = false;
  if (signingOut || state === 'signed-out') return;
  if (!beforeDrop && everReady) {
    beforeDrop = {
      at: Date.now(),
      activity: worker.activity?.name,
      reservations: new Map([...worker.reservations].map(([sid, r]) => [sid, snapshot(r)])),
    };
    log('Connection lost; reconnecting.', 'warn');
  }
  setState(navigator.onLine ? 'reconnecting' : 'offline', reason?.message ?? '');
  scheduleNudge();
}

/**
 * The SDK retries with its own back-off (up to 30 s apart). When the network comes back or the
 * laptop wakes, re-handing it the token opens a new socket at once if the old one is closed; while
 * still disconnected this repeats with a growing delay.
 */
function scheduleNudge() {
  clearTimeout(nudgeTimer);
  nudgeTimer = setTimeout(() => {
    if (state === 'reconnecting' || state === 'offline') {
      nudge();
      nudgeDelay = Math.min(nudgeDelay * 2, 30000);
      scheduleNudge();
    }
  }, nudgeDelay);
}

function nudge() {
  if (!worker || !session || !navigator.onLine) return;
  if (session.expires_at - Date.now() < 60000) {
    renewToken();
  } else {
    worker.updateToken(session.token);
  }
}

window.addEventListener('online', () => {
  if (state === 'offline' && socketUp) {
    setState('connected');
  } else if (state === 'offline' || state === 'reconnecting') {
    setState('reconnecting', 'Network is back.');
    nudgeDelay = 5000;
    nudge();
  }
});
window.addEventListener('offline', () => {
  if (state !== 'signed-out') setState('offline');
});
// A sign-in link opened in a tab already showing this page changes only the fragment: start over.
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(window.location.hash.replace(/^#/, '')).has('code')) {
    worker?.disconnect();
    window.location.reload();
  }
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state === 'reconnecting') nudge();
});

function onReady() {
  socketUp = true;
  clearTimeout(nudgeTimer);
  nudgeDelay = 5000;
  setState('connected');
  for (const reservation of worker.reservations.values()) bindReservation(reservation);
  if (!everReady) {
    everReady = true;
    log(`Signed in as ${worker.friendlyName}.`);
  } else if (beforeDrop) {
    reportMeanwhile();
  }
  beforeDrop = null;
  renderWorker();
  renderReservations();
}

/** Compares what the page showed before the drop with the state fetched after reconnecting. */
function reportMeanwhile() {
  const items = [];
  const away = (Date.now() - beforeDrop.at) / 1000;
  items.push(`Disconnected for ${duration(away)}; reconnected at ${clock()}.`);
  if (beforeDrop.activity !== worker.activity?.name) {
    items.push(`Your activity changed from ${beforeDrop.activity} to ${worker.activity?.name}.`);
  }
  const now = worker.reservations;
  for (const [sid, before] of beforeDrop.reservations) {
    const after = now.get(sid);
    if (!after) {
      items.push(
        before.status === 'pending'
          ? `The offer of ${before.label} was withdrawn or timed out.`
          : `${before.label} is no longer assigned to you (completed or canceled).`,
      );
    } else if (after.status !== before.status) {
      items.push(`${before.label} went from ${before.status} to ${after.status}.`);
    }
  }
  for (const [sid, reservation] of now) {
    if (!beforeDrop.reservations.has(sid)) {
      items.push(
        reservation.status === 'pending'
          ? `New offer: ${label(reservation)}.`
          : `${label(reservation)} was assigned to you (${reservation.status}).`,
      );
    }
  }
  if (items.length === 1) items.push('Nothing else changed.');
  fill(view.meanwhileList, items.map((text) => h('li', {}, text)));
  view.meanwhile.hidden = false;
  items.forEach((text) => log(text, 'warn'));
}

$('meanwhile-dismiss').addEventListener('click', () => {
  view.meanwhile.hidden = true;
});

view.signOut.addEventListener('click', async () => {
  signingOut = true;
  const offline = [...(worker?.activities?.values() ?? [])].find((a) => a.name === 'Offline');
  try {
    if (offline && worker.activity?.sid !== offline.sid) await offline.setAsCurrent();
  } catch (e) {
    log(`Could not go Offline: ${e.message}`, 'error');
  }
  worker?.disconnect();
  sessions.forget();
  signedOut('You signed out. Open a new sign-in link to sign in again.');
});

// ---------------------------------------------------------------------------------------------
// Rendering

function renderWorker() {
  view.name.textContent = worker.friendlyName;
  const current = worker.activity;
  fill(
    view.activity,
    [...worker.activities.values()].map((activity) =>
      h('option', { value: activity.sid, selected: current && activity.sid === current.sid }, activity.name),
    ),
  );
  view.activityNote.textContent = current
    ? current.available
      ? 'You can receive offers.'
      : 'You receive no offers in this activity.'
    : '';
}

view.activity.addEventListener('change', async () => {
  const activity = worker.activities.get(view.activity.value);
  view.activity.disabled = true;
  try {
    await activity.setAsCurrent();
    log(`You switched to ${activity.name}.`);
  } catch (e) {
    log(`Could not switch to ${activity.name}: ${e.message}`, 'error');
  } finally {
    view.activity.disabled = false;
    renderWorker();
  }
});

function snapshot(reservation) {
  return { status: reservation.status, label: label(reservation) };
}

/** What the task is about, from its usual attributes, if any. */
function title(task) {
  const attributes = task.attributes ?? {};
  return attributes.name ?? attributes.customer ?? attributes.from ?? attributes.type ?? null;
}

function label(reservation) {
  const task = reservation.task;
  const name = title(task);
  return name ? `task “${name}” (${task.sid})` : `task ${task.sid}`;
}

function heading(task) {
  return [h('h3', {}, title(task) ?? 'Task'), h('p', { class: 'sid' }, h('code', {}, task.sid))];
}

function bindReservation(reservation) {
  if (bound.has(reservation)) return;
  bound.add(reservation);
  const said = {
    accepted: 'You accepted',
    rejected: 'You rejected',
    timeout: 'Time ran out for',
    canceled: 'Canceled:',
    rescinded: 'Withdrawn:',
    completed: 'Completed:',
    wrapup: 'Wrapping up',
  };
  for (const [event, words] of Object.entries(said)) {
    reservation.on(event, () => {
      if (ringing.delete(reservation.sid) && (event === 'rejected' || event === 'timeout')) {
        log(`Your phone did not answer for ${label(reservation)}; the caller goes to another agent.`, 'warn');
      } else {
        log(`${words} ${label(reservation)}.`, event === 'timeout' || event === 'rescinded' ? 'warn' : 'info');
      }
      renderReservations();
    });
  }
  for (const event of ['completed', 'wrappedUp', 'canceled', 'updated']) {
    reservation.task.on(event, renderReservations);
  }
  reservation.task.on('transferInitiated', (transfer) => {
    bindTransfer(transfer ?? reservation.task.transfers?.outgoing, reservation);
    renderReservations();
  });
  bindTransfer(reservation.task.transfers?.outgoing, reservation);
}

// ---------------------------------------------------------------------------------------------
// Transfers: the agent hands an assigned task to a worker or a queue with the SDK's
// task.transfer(to, {mode}). Switchboard carries it in a transfer task routed to the target alone;
// on a call, a cold transfer moves the caller to the new agent's conference at once, a warm one
// dials the new agent into the conference the caller and this agent are in.

/** What the agent entered in a task's transfer form, by task sid, so a re-render keeps it. */
const transferDrafts = new Map();
const SID = /^(WK|WQ)[0-9a-fA-F]{32}$/;

function bindTransfer(transfer, reservation) {
  if (!transfer || bound.has(transfer)) return;
  bound.add(transfer);
  const said = {
    attemptFailed: ['warn', (t) => `${target(t)} did not take ${label(reservation)}; the transfer goes on.`],
    completed: ['info', (t) => `${target(t)} took over ${label(reservation)}.`],
    failed: ['error', (t) => `The transfer of ${label(reservation)} to ${target(t)} failed.`],
    canceled: ['warn', (t) => `The transfer of ${label(reservation)} to ${target(t)} was canceled.`],
  };
  for (const [event, [kind, words]] of Object.entries(said)) {
    transfer.on(event, () => {
      log(words(transfer), kind);
      renderReservations();
    });
  }
}

/** "worker WK…" or "queue WQ…", as far as the page knows them. */
function target(transfer) {
  const to = transfer.to ?? '';
  if (to.startsWith('WQ')) return `queue ${queueNames().get(to) ?? to}`;
  return `worker ${to}`;
}

/** The queues of the tasks on the page: the transfer form offers them as targets. */
function queueNames() {
  const names = new Map();
  for (const reservation of worker.reservations.values()) {
    const task = reservation.task;
    if (task.queueSid) names.set(task.queueSid, task.queueName ?? task.queueSid);
  }
  return names;
}

function transferLine(reservation) {
  const transfer = reservation.task.transfers?.outgoing;
  if (!transfer) return null;
  const warm = transfer.mode !== 'COLD';
  const whom = target(transfer);
  const text = {
    initiated: warm
      ? `Transferring to ${whom} (warm): stay on the line until they join.`
      : `Transferring to ${whom} (cold): the caller waits for them.`,
    complete: warm ? `${whom} joined: hang up when you are ready to leave.` : `${whom} took the transfer.`,
    failed: `The transfer to ${whom} failed${transfer.transferFailedReason ? `: ${transfer.transferFailedReason}` : ''}.`,
    canceled: `The transfer to ${whom} was canceled.`,
  }[String(transfer.status).toLowerCase()];
  return text
    ? h('p', { class: 'transfer-state', dataset: { state: String(transfer.status).toLowerCase() }, role: 'status' }, text)
    : null;
}

/** The offer of a transfer task says who handed it on. */
function incomingLine(reservation) {
  const transfer = reservation.transfer;
  if (!transfer) return null;
  const mode = transfer.mode === 'COLD' ? 'cold' : 'warm';
  return h('p', { class: 'transfer-state', dataset: { state: 'incoming' } }, `Transferred to you (${mode}) by worker ${transfer.workerSid}.`);
}

/** Transfer (to a worker or a queue, warm or cold) and, while a warm one is under way, Cancel. */
function transferControls(reservation) {
  const task = reservation.task;
  const outgoing = task.transfers?.outgoing;
  const under = String(outgoing?.status).toLowerCase();
  if (under === 'initiated') {
    return outgoing.mode === 'COLD' ? null : action('Cancel transfer', () => outgoing.cancel());
  }
  if (under === 'complete' || under === 'completed') return null; // the task was handed on
  if (reservation.status !== 'accepted' || task.status !== 'assigned') return null;
  const draft = transferDrafts.get(task.sid) ?? { to: '', mode: 'WARM' };
  const to = h('input', {
    name: 'transfer-to',
    'aria-label': 'Transfer to',
    placeholder: 'worker (WK…) or queue (WQ…) sid',
    list: 'transfer-targets',
    autocomplete: 'off',
    value: draft.to,
  });
  const mode = h(
    'select',
    { name: 'transfer-mode', 'aria-label': 'Transfer mode' },
    h('option', { value: 'WARM', selected: draft.mode === 'WARM' }, 'Warm: stay until they join'),
    h('option', { value: 'COLD', selected: draft.mode === 'COLD' }, 'Cold: hand over now'),
  );
  const remember = () => transferDrafts.set(task.sid, { to: to.value.trim(), mode: mode.value });
  to.addEventListener('input', remember);
  mode.addEventListener('change', remember);
  const form = h('form', { class: 'transfer' }, to, mode, h('button', { type: 'submit' }, 'Transfer'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    remember();
    const chosen = transferDrafts.get(task.sid);
    if (!SID.test(chosen.to)) {
      log('Transfer to a worker (WK…) or a queue (WQ…): enter its sid.', 'error');
      to.focus();
      return;
    }
    form.closest('li').querySelectorAll('button, input, select').forEach((e) => (e.disabled = true));
    try {
      await task.transfer(chosen.to, { mode: chosen.mode });
      transferDrafts.delete(task.sid);
      log(`You transferred ${label(reservation)} to ${chosen.to} (${chosen.mode.toLowerCase()}).`);
    } catch (e) {
      log(`Transfer failed: ${e.message}`, 'error');
    } finally {
      renderReservations();
    }
  });
  return form;
}

function renderTransferTargets() {
  fill(
    $('transfer-targets'),
    [...queueNames()].map(([sid, name]) => h('option', { value: sid }, `queue ${name}`)),
  );
}

// ---------------------------------------------------------------------------------------------
// Phone calls: a voice task that came from a call waits in a conference; accepting it asks the
// server to dial the agent's phone into that conference (TaskRouter's conference instruction), and
// the reservation is accepted when the phone answers.

function isCall(task) {
  const attributes = task.attributes ?? {};
  // a call waiting, or a callback to make (Switchboard calls the agent, then the customer)
  return task.taskChannelUniqueName === 'voice' && Boolean(attributes.call_sid || attributes.callback_number);
}

async function acceptCall(reservation) {
  ringing.add(reservation.sid);
  log(`Ringing your phone for ${label(reservation)}…`);
  try {
    await reservation.conference();
  } catch (e) {
    ringing.delete(reservation.sid);
    throw e;
  }
}

/** The call's state as the agent sees it, or null for a task that is not a call. */
function callState(reservation) {
  const task = reservation.task;
  if (!isCall(task)) return null;
  if (['wrapping', 'completed', 'canceled'].includes(task.status) || reservation.status === 'wrapping') {
    return /^Caller hung up/.test(task.reason ?? '')
      ? { state: 'caller-hung-up', text: 'The caller hung up.' }
      : { state: 'ended', text: 'The call ended.' };
  }
  if (reservation.status === 'accepted') {
    return onHold(task)
      ? { state: 'on-hold', text: 'The caller is on hold (hearing music).' }
      : { state: 'connected', text: 'Connected to the caller.' };
  }
  if (ringing.has(reservation.sid)) return { state: 'ringing', text: 'Ringing your phone…' };
  if (task.attributes?.callback_number) {
    return { state: 'waiting', text: `Call back ${task.attributes.callback_number}: your phone rings first.` };
  }
  return { state: 'waiting', text: 'A caller is waiting.' };
}

function onHold(task) {
  return task.attributes?.caller_on_hold === true;
}

/** Hold or Resume for a call the agent is on; the server moves the caller and the task says so. */
function holdAction(reservation) {
  const task = reservation.task;
  if (callState(reservation)?.state === 'connected') {
    return action('Hold', () => task.updateParticipant({ hold: true }));
  }
  if (callState(reservation)?.state === 'on-hold') {
    return action('Resume', () => task.updateParticipant({ hold: false }), true);
  }
  return null;
}

function callLine(reservation) {
  const call = callState(reservation);
  return call ? h('p', { class: 'call-state', dataset: { state: call.state }, role: 'status' }, call.text) : null;
}

function attributes(task) {
  const entries = Object.entries(task.attributes ?? {});
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No attributes.');
  return h(
    'dl',
    { class: 'attributes' },
    entries.map(([key, value]) => [
      h('dt', {}, key),
      h('dd', {}, typeof value === 'object' ? JSON.stringify(value) : String(value)),
    ]),
  );
}

function action(text, run, primary = false) {
  const button = h('button', { type: 'button', class: primary ? 'primary' : null }, text);
  button.addEventListener('click', async () => {
    const card = button.closest('li');
    card.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      await run();
    } catch (e) {
      log(`${text} failed: ${e.message}`, 'error');
    } finally {
      renderReservations();
    }
  });
  return button;
}

function renderReservations() {
  // a re-render replaces the cards: the field being typed into keeps its focus
  const focused = document.activeElement;
  const refocus = focused?.name && focused.closest?.('li[data-task-sid]')?.dataset.taskSid;
  drawReservations();
  renderTransferTargets();
  if (refocus) {
    document.querySelector(`li[data-task-sid='${refocus}'] [name='${focused.name}']`)?.focus();
  }
}

function drawReservations() {
  const all = [...worker.reservations.values()];
  const open = (r) => !['completed', 'canceled'].includes(r.task.status);
  const offers = all.filter((r) => r.status === 'pending');
  const assigned = all.filter((r) => (r.status === 'accepted' || r.status === 'wrapping') && open(r));

  fill(
    view.offers,
    offers.length === 0
      ? h('li', { class: 'empty' }, 'No offers right now.')
      : offers.map((reservation) => {
          const expiresAt = reservation.dateCreated.getTime() + reservation.timeout * 1000;
          return h(
            'li',
            { class: 'card offer', dataset: { reservationSid: reservation.sid, taskSid: reservation.task.sid } },
            heading(reservation.task),
            h('p', { class: 'meta' }, `Queue ${reservation.task.queueName ?? '–'} · priority ${reservation.task.priority}`),
            attributes(reservation.task),
            h(
              'p',
              { class: 'countdown' },
              'Answer within ',
              h('strong', { dataset: { expiresAt }, role: 'timer' }, countdownText(expiresAt)),
            ),
            h('progress', { max: reservation.timeout, value: remaining(expiresAt), dataset: { expiresAt } }),
            callLine(reservation),
            incomingLine(reservation),
            ringing.has(reservation.sid)
              ? null
              : h(
                  'div',
                  { class: 'actions' },
                  action('Accept', () => (isCall(reservation.task) ? acceptCall(reservation) : reservation.accept()), true),
                  action('Reject', () => reservation.reject()),
                ),
          );
        }),
  );

  fill(
    view.tasks,
    assigned.length === 0
      ? h('li', { class: 'empty' }, 'No assigned tasks.')
      : assigned.map((reservation) => {
          const task = reservation.task;
          const wrapping = task.status === 'wrapping' || reservation.status === 'wrapping';
          return h(
            'li',
            { class: 'card task', dataset: { reservationSid: reservation.sid, taskSid: task.sid } },
            heading(task),
            h('p', { class: 'meta' }, h('span', { class: 'status' }, wrapping ? 'Wrapping up' : 'Assigned'), ` · queue ${task.queueName ?? '–'}`),
            callLine(reservation),
            transferLine(reservation),
            attributes(task),
            h(
              'div',
              { class: 'actions' },
              holdAction(reservation),
              wrapping ? null : action('Wrap up', () => task.wrapUp({ reason: 'Wrap-up started by the agent' })),
              action('Complete', () => task.complete('Completed by the agent'), true),
            ),
            transferControls(reservation),
          );
        }),
  );
}

function remaining(expiresAt) {
  return Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
}

function countdownText(expiresAt) {
  const left = remaining(expiresAt);
  return left > 0 ? duration(left) : 'now (waiting for the server)';
}

setInterval(() => {
  document.querySelectorAll('strong[data-expires-at]').forEach((el) => {
    el.textContent = countdownText(Number(el.dataset.expiresAt));
  });
  document.querySelectorAll('progress[data-expires-at]').forEach((el) => {
    el.value = remaining(Number(el.dataset.expiresAt));
  });
}, 1000);

start();
