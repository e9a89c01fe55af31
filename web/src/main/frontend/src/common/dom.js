// Small DOM and formatting helpers shared by the agent and supervisor pages.

/** Creates an element: h('li', {class: 'x', dataset: {sid}}, 'text', child…). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'text') element.textContent = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** The local time of day, e.g. "10:42:07". */
export function clock(date = new Date()) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Reads a Twilio error body ({code, message, …}) from a failed fetch response. */
export async function errorOf(response) {
  let error;
  try {
    const body = await response.json();
    error = new Error(body.message ? `${body.message} (${body.code ?? response.status})` : `HTTP ${response.status}`);
  } catch {
    error = new Error(`HTTP ${response.status}`);
  }
  error.status = response.status;
  return error;
}

/** POSTs a form and returns the JSON answer, or throws the Twilio error it carried. */
export async function postForm(url, form, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}
