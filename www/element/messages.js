// The element's status line (loading …) and its error area: what the core refused,
// in the core's own words, shown on the map rather than only in the console.

/** Shows `text` in the status line (empty hides it). */
export function setStatus(host, text) {
  host._status.textContent = text;
  host._status.classList.toggle('on', !!text);
}

/**
 * Records (or with a null message clears) the error of one part of the map (`heat`,
 * `assignment`, `tile-crs` …) and shows every current one. Text only (textContent).
 */
export function setError(host, part, message) {
  const had = host._errors.get(part);
  if (message == null) host._errors.delete(part);
  else host._errors.set(part, String(message));
  if (had === host._errors.get(part)) return;
  const box = host._error;
  box.replaceChildren(...[...host._errors].map(([key, msg]) => {
    const line = document.createElement('div');
    line.dataset.part = key;
    line.textContent = `${host.t(key)}: ${msg}`;
    return line;
  }));
  box.classList.toggle('on', host._errors.size > 0);
  if (message != null) console.warn(`civicmap ${part}: ${message}`);
}

/** Refreshes the error lines' labels (after a language change). */
export function relabelErrors(host) {
  for (const line of host._error.children) line.textContent = `${host.t(line.dataset.part)}: ${host._errors.get(line.dataset.part)}`;
}
