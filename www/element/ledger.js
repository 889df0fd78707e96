// The problem cycle in the element: the date the map reckons from, recording and
// stepping problems, the journal, and a `civicmap-change` event for every change
// the core reports (the journal entry: action, id, the record before and after as
// GeoJSON Features, replayed). The rules are the core's; this file forwards, keeps
// the dots and the search results in step, and tells the host page.

/** Subscribes to the core's changes (once the CivicMap exists). */
export function attach(host) {
  host.civic.onChange((entry) => changed(host, entry));
}

function changed(host, entry) {
  // Dots and results follow once per burst of changes (a replayed journal is many).
  if (!host._ledgerDirty) {
    host._ledgerDirty = true;
    queueMicrotask(() => {
      host._ledgerDirty = false;
      host.data.refresh('problems');
      rerunSearch(host);
    });
  }
  host._emit('civicmap-change', entry);
}

/** Runs the last search again (after a change or a new date), if there was one. */
export function rerunSearch(host) {
  if (host.location) host.setLocation(host.location.lng, host.location.lat, host.locateOptions);
}

/** The day the map reckons from, YYYY-MM-DD (the files' x_as_of unless set; else today). */
export function asOf(host) {
  return host.civic ? host.civic.asOf() : host._asOfPending ?? null;
}

/** Sets the day to reckon from (null: back to the files' date); redraws and searches again. */
export function setAsOf(host, day) {
  if (!host.civic) {
    host._asOfPending = day || null;
    return day || null;
  }
  const now = host.civic.setAsOf(day || null);
  host.data.changed('asOf');
  rerunSearch(host);
  host._emit('civic-asof', { asOf: now });
  return now;
}

/** Records a problem (see CivicMap.recordProblem); returns its card. */
export function recordProblem(host, input) {
  return host.civic.recordProblem(input);
}

/** One step of a problem's life (see CivicMap.stepProblem); returns the card. */
export function stepProblem(host, id, input) {
  return host.civic.stepProblem(id, input);
}

/** Replays a journal (JSON lines); all or nothing; returns how many entries applied. */
export function applyJournal(host, text) {
  return host.civic.applyJournal(text);
}
