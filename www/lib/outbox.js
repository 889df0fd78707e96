// Unsent changes in IndexedDB: every journal line the map produced on this device,
// kept per data set until the host has sent them, so a supervisor in a back street
// without signal loses nothing when the page reloads. The page replays them onto
// the freshly loaded data (CivicMap.applyJournal); a portal sends them to its
// backend and then clears them (see README, "Wiring a backend").

const DB = 'civicmap';
const STORE = 'outbox';

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function open() {
  const r = indexedDB.open(DB, 1);
  r.onupgradeneeded = () => {
    const s = r.result.createObjectStore(STORE, { keyPath: 'n', autoIncrement: true });
    s.createIndex('set', 'set');
  };
  return request(r);
}

/**
 * The outbox of one data set (`set`: any text naming it, e.g. the data folder's
 * URL): `add(line)`, `all()` (lines, oldest first), `count()`, `clear()`.
 * Without IndexedDB (a private window that refuses it) every call rejects; the page
 * says so and the journal can still be exported by hand.
 */
export async function openOutbox(set) {
  const db = await open();
  const tx = (mode) => db.transaction(STORE, mode).objectStore(STORE);
  const mine = () => tx('readonly').index('set');
  return {
    add: (line) => request(tx('readwrite').add({ set, line, at: new Date().toISOString() })),
    all: async () => (await request(mine().getAll(set))).sort((a, b) => a.n - b.n).map((r) => r.line),
    count: () => request(mine().count(set)),
    async clear() {
      const keys = await request(mine().getAllKeys(set));
      const store = tx('readwrite');
      await Promise.all(keys.map((k) => request(store.delete(k))));
    },
  };
}
