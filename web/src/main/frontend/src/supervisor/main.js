// The supervisor page: live per-queue figures from TaskRouter's Statistics endpoints (/v1, with the
// workspace token its one-time sign-in link is redeemed for, never the account's AuthToken), refreshed when the workspace's event stream reports a
// change and periodically as a fallback, with plots of tasks waiting and assignments per minute.
import { h, fill, duration, clock, errorOf, postForm } from '../common/dom.js';
import { Plot } from './plot.js';

const KEY = 'switchboard.supervisor.session';
const REFRESH_BEFORE_MS = 5 * 60 * 1000;
const ROOT = new URL('../', window.location.href);
const LIVE_REFRESH_MS = 15000;
const POLL_REFRESH_MS = 5000;
const WINDOW_S = 30 * 60;

const $ = (id) => document.getElementById(id);
const view = {
  signin: $('signin'),
  signinError: $('signin-error'),
  board: $('board'),
  workspace: $('workspace'),
  stream: $('stream'),
  updated: $('updated'),
  figures: $('figures'),
  queues: $('queues'),
  events: $('events'),
  signOut: $('sign-out'),
  calls: $('calls'),
  phone: $('supervisor-phone'),
  superviseStatus: $('supervise-status'),
};

/** The workspace token and where its socket connects: {token, workspaceSid, wsServer, expiresAt}. */
let credentials = null;
let renewTimer = null;
let workspaceSid = null;
let activities = [];
let socket = null;
let socketToken = 0;
let reconnectDelay = 1000;
let refreshTimer = null;
let pending = null;
const series = { time: [], waiting: new Map(), assignments: [] };
let waitingPlot = null;
let assignmentsPlot = null;

// ---------------------------------------------------------------------------------------------
// The API

function authorization() {
  return `Bearer ${credentials.token}`;
}

async function api(path) {
  const response = await fetch(new URL(path, ROOT), {
    headers: { Authorization: authorization(), Accept: 'application/json' },
  });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

/** Every item of a paged TaskRouter list. */
async function list(path, key) {
  const items = [];
  let next = path;
  while (next) {
    const page = await api(next);
    items.push(...page[key]);
    next = page.meta?.next_page_url ?? null;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Sign-in and workspace choice

/** Redeems a sign-in Code, or renews a still valid Token, for a fresh workspace token. */
async function redeem(form) {
  const grant = await postForm(new URL('realtime/supervisor-tokens', ROOT).toString(), form);
  credentials = {
    token: grant.token,
    workspaceSid: grant.workspace_sid,
    wsServer: grant.ws_server,
    expiresAt: Date.now() + grant.expires_in * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
  scheduleRenewal();
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  const delay = Math.max(1000, credentials.expiresAt - Date.now() - REFRESH_BEFORE_MS);
  renewTimer = setTimeout(async () => {
    try {
      await redeem({ Token: credentials.token });
    } catch (e) {
      signOut(`Please open a new sign-in link: ${e.message}`);
    }
  }, delay);
}

function signOut(reason) {
  sessionStorage.removeItem(KEY);
  credentials = null;
  clearTimeout(renewTimer);
  closeStream();
  clearTimeout(refreshTimer);
  view.board.hidden = true;
  view.signin.hidden = false;
  view.signinError.textContent = reason ?? '';
}

view.signOut.addEventListener('click', () => signOut('Signed out.'));

async function openBoard() {
  // a workspace token reads its own workspace only
  const workspaces = [await api(`v1/Workspaces/${credentials.workspaceSid}`)];
  fill(
    view.workspace,
    workspaces.map((w) => h('option', { value: w.sid }, `${w.friendly_name} (${w.sid})`)),
  );
  view.signin.hidden = true;
  view.board.hidden = false;
  const remembered = sessionStorage.getItem(`${KEY}.workspace`);
  if (workspaces.some((w) => w.sid === remembered)) view.workspace.value = remembered;
  if (workspaces.length > 0) await chooseWorkspace(view.workspace.value);
  else fill(view.queues, h('tr', {}, h('td', { colspan: 10 }, 'This account has no workspaces yet.')));
}

view.workspace.addEventListener('change', () => chooseWorkspace(view.workspace.value));

async function chooseWorkspace(sid) {
  workspaceSid = sid;
  sessionStorage.setItem(`${KEY}.workspace`, sid);
  activities = await list(`v1/Workspaces/${sid}/Activities?PageSize=100`, 'activities');
  series.time = [];
  series.waiting = new Map();
  series.assignments = [];
  fill(view.events);
  openStream();
  await refresh();
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Refreshes now; later calls within 300 ms are folded into one. */
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    refresh();
  }, 300);
}

async function refresh() {
  clearTimeout(refreshTimer);
  const sid = workspaceSid;
  try {
    const [workspace, queues, , live] = await Promise.all([
      api(`v1/Workspaces/${sid}/Statistics?Minutes=1`),
      list(`v1/Workspaces/${sid}/TaskQueues/Statistics?PageSize=50&Minutes=60`, 'task_queues_statistics'),
      queueNames(sid),
      callsInProgress(sid),
    ]);
    if (sid !== workspaceSid) return;
    renderFigures(workspace);
    renderQueues(queues);
    renderCalls(live);
    record(workspace, queues);
    view.updated.textContent = `Updated ${clock()}`;
  } catch (e) {
    view.updated.textContent = `Refresh failed at ${clock()}: ${e.message}`;
  } finally {
    if (sid === workspaceSid && credentials) {
      refreshTimer = setTimeout(refresh, streamLive() ? LIVE_REFRESH_MS : POLL_REFRESH_MS);
    }
  }
}

let names = new Map();
async function queueNames(sid) {
  const queues = await list(`v1/Workspaces/${sid}/TaskQueues?PageSize=100`, 'task_queues');
  names = new Map(queues.map((q) => [q.sid, q.friendly_name]));
}

/** Workers by kind of activity: available, offline (the Offline activity), busy (any other). */
function workers(realtime) {
  const available = new Set(activities.filter((a) => a.available).map((a) => a.sid));
  const counts = { available: 0, busy: 0, offline: 0 };
  for (const entry of realtime.activity_statistics ?? []) {
    if (available.has(entry.sid)) counts.available += entry.workers;
    else if (entry.friendly_name === 'Offline') counts.offline += entry.workers;
    else counts.busy += entry.workers;
  }
  return counts;
}

function figure(name, label, value) {
  return h('div', { dataset: { figure: name } }, h('dt', {}, label), h('dd', {}, value));
}

function renderFigures(statistics) {
  const realtime = statistics.realtime;
  const byStatus = realtime.tasks_by_status ?? {};
  const people = workers(realtime);
  fill(
    view.figures,
    figure('pending', 'Tasks pending', byStatus.pending ?? 0),
    figure('reserved', 'Reservations outstanding', byStatus.reserved ?? 0),
    figure('assigned', 'Tasks assigned', byStatus.assigned ?? 0),
    figure('wrapping', 'Tasks wrapping', byStatus.wrapping ?? 0),
    figure('longest', 'Longest waiting', duration(realtime.longest_task_waiting_age ?? 0)),
    figure('available', 'Workers available', people.available),
    figure('busy', 'Workers busy', people.busy),
    figure('offline', 'Workers offline', people.offline),
    figure('assignments', 'Assignments, last minute', statistics.cumulative.reservations_accepted ?? 0),
  );
}

function renderQueues(queues) {
  if (queues.length === 0) {
    fill(view.queues, h('tr', {}, h('td', { colspan: 10 }, 'No task queues in this workspace.')));
    return;
  }
  fill(
    view.queues,
    queues.map((q) => {
      const realtime = q.realtime;
      const byStatus = realtime.tasks_by_status ?? {};
      const people = workers(realtime);
      const cell = (name, value) => h('td', { dataset: { figure: name } }, value);
      return h(
        'tr',
        { dataset: { queueSid: q.task_queue_sid } },
        h('th', { scope: 'row' }, names.get(q.task_queue_sid) ?? q.task_queue_sid),
        cell('pending', byStatus.pending ?? 0),
        cell('reserved', byStatus.reserved ?? 0),
        cell('assigned', byStatus.assigned ?? 0),
        cell('wrapping', byStatus.wrapping ?? 0),
        cell('longest', duration(realtime.longest_task_waiting_age ?? 0)),
        cell('available', people.available),
        cell('busy', people.busy),
        cell('offline', people.offline),
        cell('accepted', q.cumulative.reservations_accepted ?? 0),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Calls in progress, and supervision (TaskRouter's supervise instruction on the agent's reservation)

const PHONE_KEY = `${KEY}.phone`;
view.phone.value = sessionStorage.getItem(PHONE_KEY) ?? '';
view.phone.addEventListener('change', () => sessionStorage.setItem(PHONE_KEY, view.phone.value.trim()));

function attributesOf(task) {
  try {
    return JSON.parse(task.attributes);
  } catch {
    return {};
  }
}

/** The assigned voice tasks that came from a call, each with its accepted reservation. */
async function callsInProgress(sid) {
  const assigned = await list(`v1/Workspaces/${sid}/Tasks?AssignmentStatus=assigned&PageSize=100`, 'tasks');
  const voice = assigned.filter((t) => t.task_channel_unique_name === 'voice' && attributesOf(t).call_sid);
  return Promise.all(
    voice.map(async (task) => {
      const reservations = await list(
        `v1/Workspaces/${sid}/Tasks/${task.sid}/Reservations?ReservationStatus=accepted`,
        'reservations',
      );
      return { task, reservation: reservations[0] ?? null };
    }),
  );
}

function renderCalls(live) {
  const calls = live.filter((c) => c.reservation);
  if (calls.length === 0) {
    fill(view.calls, h('li', { class: 'empty' }, 'No calls in progress.'));
    return;
  }
  fill(
    view.calls,
    calls.map(({ task, reservation }) => {
      const attributes = attributesOf(task);
      return h(
        'li',
        { class: 'card call', dataset: { taskSid: task.sid, reservationSid: reservation.sid } },
        h('h3', {}, attributes.from ?? attributes.name ?? 'Call'),
        h('p', { class: 'sid' }, h('code', {}, task.sid)),
        h(
          'p',
          { class: 'meta' },
          `${reservation.worker_name} · ${task.task_queue_friendly_name ?? '–'}`,
          attributes.caller_on_hold === true ? ' · caller on hold' : '',
        ),
        h(
          'div',
          { class: 'actions' },
          ['monitor', 'whisper', 'barge'].map((mode) => superviseButton(task, reservation, mode)),
        ),
      );
    }),
  );
}

const MODE_LABELS = { monitor: 'Monitor', whisper: 'Whisper', barge: 'Barge' };

function superviseButton(task, reservation, mode) {
  const button = h('button', { type: 'button', dataset: { mode } }, MODE_LABELS[mode]);
  button.addEventListener('click', async () => {
    const phone = view.phone.value.trim();
    if (!phone) {
      view.superviseStatus.textContent = 'Enter your phone first (a dial string or your worker sid).';
      view.phone.focus();
      return;
    }
    sessionStorage.setItem(PHONE_KEY, phone);
    button.disabled = true;
    try {
      await postForm(
        new URL(`v1/Workspaces/${workspaceSid}/Tasks/${task.sid}/Reservations/${reservation.sid}`, ROOT).toString(),
        { Instruction: 'supervise', Supervisor: phone, SupervisorMode: mode },
        { Authorization: authorization() },
      );
      view.superviseStatus.textContent = `${MODE_LABELS[mode]}: dialling ${phone} into the call with ${reservation.worker_name} (${clock()}).`;
    } catch (e) {
      view.superviseStatus.textContent = `${MODE_LABELS[mode]} failed: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// ---------------------------------------------------------------------------------------------
// Plots

function record(workspace, queues) {
  const now = Date.now() / 1000;
  series.time.push(now);
  const seen = new Set();
  for (const q of queues) {
    const byStatus = q.realtime.tasks_by_status ?? {};
    if (!series.waiting.has(q.task_queue_sid)) {
      series.waiting.set(q.task_queue_sid, new Array(series.time.length - 1).fill(null));
    }
    series.waiting.get(q.task_queue_sid).push((byStatus.pending ?? 0) + (byStatus.reserved ?? 0));
    seen.add(q.task_queue_sid);
  }
  for (const [sid, values] of series.waiting) if (!seen.has(sid)) values.push(null);
  series.assignments.push(workspace.cumulative.reservations_accepted ?? 0);
  while (series.time.length > 0 && series.time[0] < now - WINDOW_S) {
    series.time.shift();
    series.assignments.shift();
    for (const values of series.waiting.values()) values.shift();
  }
  draw();
}

function draw() {
  const queues = [...series.waiting.keys()];
  const waitingLabels = queues.map((sid) => names.get(sid) ?? sid);
  if (!waitingPlot || waitingPlot.labels.join('\n') !== waitingLabels.join('\n')) {
    waitingPlot?.destroy();
    waitingPlot = new Plot($('chart-waiting'), 'Tasks waiting (pending + reserved)', waitingLabels);
  }
  waitingPlot.set([series.time, ...queues.map((sid) => series.waiting.get(sid))]);
  assignmentsPlot ??= new Plot($('chart-assignments'), 'Assignments per minute', ['Accepted in the last minute']);
  assignmentsPlot.set([series.time, series.assignments]);
}

// ---------------------------------------------------------------------------------------------
// The event stream (a workspace token's WebSocket)

function streamLive() {
  return socket && socket.readyState === WebSocket.OPEN;
}

function setStream(state, text) {
  view.stream.dataset.state = state;
  view.stream.textContent = text;
}

function closeStream() {
  socketToken++;
  if (socket) {
    socket.onclose = null;
    socket.close();
    socket = null;
  }
}

async function openStream() {
  closeStream();
  const mine = socketToken;
  setStream('connecting', 'Event stream: connecting…');
  if (!credentials) return;
  const url = new URL(credentials.wsServer);
  url.searchParams.set('token', credentials.token);
  socket = new WebSocket(url);
  socket.onopen = () => {
    reconnectDelay = 1000;
    setStream('live', 'Event stream: live');
    refreshSoon();
  };
  socket.onmessage = (message) => onEvent(message.data);
  socket.onclose = () => streamDown(mine, 'disconnected');
}

function streamDown(mine, why) {
  if (mine !== socketToken || !credentials) return;
  setStream('polling', `Event stream ${why}; refreshing every ${POLL_REFRESH_MS / 1000} s, retrying in ${Math.round(reconnectDelay / 1000)} s`);
  setTimeout(() => mine === socketToken && openStream(), reconnectDelay);
  reconnectDelay = Math.min(reconnectDelay * 2, 30000);
}

function onEvent(data) {
  if (!data || !data.trim()) return;
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    return;
  }
  const type = frame.event_type;
  if (!type || type === 'init' || type.startsWith('heartbeat')) return;
  const payload = frame.payload ?? {};
  const subject = payload.task_sid ?? payload.sid ?? payload.resource_sid ?? '';
  view.events.prepend(h('li', {}, h('time', {}, clock()), `${type} ${subject}`));
  while (view.events.children.length > 30) view.events.lastElementChild.remove();
  refreshSoon();
}

// ---------------------------------------------------------------------------------------------

(async function start() {
  const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
  if (code) {
    // the link is used once: take the code out of the address bar and history
    history.replaceState(null, '', window.location.pathname + window.location.search);
    try {
      await redeem({ Code: code });
    } catch (e) {
      signOut(`Sign-in failed: ${e.message}`);
      return;
    }
  } else {
    try {
      credentials = JSON.parse(sessionStorage.getItem(KEY));
    } catch {
      credentials = null;
    }
    if (!credentials || credentials.expiresAt <= Date.now()) {
      credentials = null;
      return;
    }
    scheduleRenewal();
  }
  try {
    await openBoard();
  } catch (e) {
    signOut(`Please open a new sign-in link: ${e.message}`);
  }
})();
