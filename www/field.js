// The supervisor's field view on the page, around <civic-map>'s API: the date the
// map reckons from (shown, changeable), the result cards, a problem's card with the
// steps its state allows, recording a problem where the supervisor stands or taps,
// and the outbox (IndexedDB) that keeps every change on the device until it is
// sent. Every rule is the core's: the page asks, shows the answer, and when the
// core says no, shows its words. Data text only ever through textContent.
import { openOutbox } from './lib/outbox.js';

const $ = (sel) => document.querySelector(sel);

function text(tag, value, cls) {
  const e = document.createElement(tag);
  e.textContent = value == null ? '' : String(value);
  if (cls) e.className = cls;
  return e;
}

function button(label, cls, onClick) {
  const b = text('button', label, cls);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Wires the field view. `map`: the <civic-map>; `tr()`: the page's translator now;
 * `ownerLabel(id)`: an owner's name and unit; `datasetKey`: names the data set in
 * the outbox. Returns {renderResults, openCard, relabel, outboxReady}.
 */
export function initField(map, { tr, ownerLabel, datasetKey }) {
  const t = (k) => tr().t(k);
  let open = null; // the id whose card is shown
  let outbox = null;
  let declared = null; // the data's own date (x_as_of), from the load results

  // ---------- the date ----------
  const dateInput = $('#as-of');
  function showDate() {
    if (!map.civic) return;
    dateInput.value = map.asOf;
    $('#as-of-source').textContent = declared && declared !== map.asOf ? `${t('asOfChanged')} ${declared}` : declared ? `（${t('asOfData')}）` : '';
  }
  dateInput.addEventListener('change', () => {
    map.asOf = dateInput.value || null;
    showDate();
    if (open) openCard(open);
  });
  map.addEventListener('civic-asof', showDate);

  // ---------- who ----------
  const nameInput = $('#my-name');
  nameInput.value = localStorage.getItem('civicmap.by') ?? '';
  nameInput.addEventListener('change', () => localStorage.setItem('civicmap.by', nameInput.value.trim()));
  const by = () => nameInput.value.trim() || t('supervisorDefault');

  // ---------- results ----------
  const sourceLabel = (s) => t(`src_${s}`);
  const statusLabel = (s) => t({ open: 'statusOpen', rectifying: 'statusRectifying', submitted: 'statusSubmitted', closed: 'statusClosed' }[s] ?? s);
  const place = (h) => [h.street, h.community].filter(Boolean).join(' · ');

  function renderResults(hits = map.results, total = map.resultsTotal) {
    const list = $('#results');
    if (!map.location) {
      list.replaceChildren();
      $('#results-count').textContent = '';
      return;
    }
    const radius = map.locateOptions.radiusM;
    $('#results-count').textContent = `${t('shown')} ${hits.length} / ${t('ofTotal')} ${total ?? hits.length}${radius ? ` · ${tr().formatDistance(radius)} ${t('within')}` : ''}`;
    $('#locate-status').textContent = hits.length ? '' : t('noResults');
    list.replaceChildren(...hits.map((h, i) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'hit';
      b.dataset.id = h.id;
      const head = document.createElement('div');
      head.className = 'hit-head';
      head.append(
        text('span', i + 1, 'rank'),
        text('strong', h.pointName || t(`cat_${h.category}`), 'name'),
        text('span', tr().formatDistance(h.distanceM), 'dist'),
      );
      const what = document.createElement('div');
      what.className = 'hit-meta';
      what.append(
        text('span', statusLabel(h.status), `st ${h.status}`),
        text('span', t(`cat_${h.category}`)),
        text('span', `${t('severity')} ${t(`sev_${h.severity}`)}`),
        text('span', sourceLabel(h.source)),
      );
      const when = document.createElement('div');
      when.className = 'hit-meta';
      when.append(
        text('span', `${t('found')} ${h.found ?? '–'}`),
        text('span', `${t('deadline')} ${h.deadline ?? '–'}${h.extended ? ` (${t('extended')})` : ''}`),
        text('span', `${t('overdueDays')} ${h.daysOverdue} ${t('days')}`, h.daysOverdue > 0 ? 'overdue' : ''),
      );
      const where = text('div', place(h), 'chain');
      const chain = text('div', chainText(h.chain), 'chain');
      b.append(head, what, when, where, chain);
      b.addEventListener('click', () => {
        openCard(h.id);
        map.show('problem', h.id, [h.lng, h.lat]);
      });
      li.append(b);
      return li;
    }));
  }

  function chainText(c = {}) {
    const zones = (c.zones ?? []).map((z) => `${ownerLabel(z.owner)}[${z.level}]`).join('、');
    return `${t('cellOwner')}: ${ownerLabel(c.cellOwner)}${c.pointOwner ? ` · ${t('pointOwner')}: ${ownerLabel(c.pointOwner)}` : ''}${zones ? ` · ${t('zoneOwners')}: ${zones}` : ''}`;
  }

  // ---------- a problem's card ----------
  const card = $('#card');
  function field(label, value, cls) {
    const row = document.createElement('div');
    row.className = `field ${cls ?? ''}`;
    row.append(text('span', label, 'k'), text('span', value, 'v'));
    return row;
  }

  /** Shows a problem's card; `reveal`: scroll its head into view (a fresh open). */
  function openCard(id, reveal = open !== id) {
    const p = map.problem(id);
    if (!p) return closeCard();
    open = id;
    card.hidden = false;
    card.dataset.id = id;
    card.dataset.status = p.status;
    const head = document.createElement('div');
    head.className = 'card-head';
    head.append(
      text('strong', p.pointName || t(`cat_${p.category}`), 'name'),
      text('span', statusLabel(p.status), `st ${p.status}`),
      button('×', 'close', closeCard),
    );
    head.lastChild.setAttribute('aria-label', t('close'));
    const fields = [
      field(t('problemId'), p.id),
      field(t('category'), `${t(`cat_${p.category}`)} · ${t('severity')} ${t(`sev_${p.severity}`)}`),
      field(t('source'), sourceLabel(p.source)),
      field(t('found'), p.found ?? '–'),
      field(t('deadline'), `${p.deadline ?? '–'}${p.extension ? ` (${t('extended')} ${p.extension.from} → ${p.deadline}: ${p.extension.reason})` : ''}`),
      field(t('overdueDays'), `${p.daysOverdue} ${t('days')} (${t('asOfShort')} ${p.asOf})`, p.daysOverdue > 0 ? 'overdue' : ''),
      field(t('location'), [p.street, p.community].filter(Boolean).join(' · ') || '–'),
      field(t('chain'), chainText(p.chain)),
    ];
    if (p.note) fields.push(field(t('note'), p.note));
    if (p.photos.length) {
      const row = field(t('photos'), '');
      const v = row.querySelector('.v');
      for (const ref of p.photos) {
        // Only web and blob references become links; file names stay text.
        if (/^(https?|blob):/i.test(ref)) {
          const a = text('a', ref.split('/').pop() || ref);
          a.href = ref;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          v.append(a, ' ');
        } else v.append(text('span', ref, 'photo'), ' ');
      }
      fields.push(row);
    }
    const actions = document.createElement('div');
    actions.className = 'actions';
    const note = document.createElement('input');
    note.type = 'text';
    note.id = 'step-note';
    note.placeholder = t('note');
    const days = document.createElement('select');
    days.id = 'extend-days';
    for (let d = 1; d <= 7; d++) days.append(new Option(`${d} ${t('days')}`, String(d)));
    const problemMsg = text('p', '', 'error card-error');
    problemMsg.setAttribute('role', 'alert');
    for (const action of p.allowed) {
      actions.append(button(t(`act_${action}`), `act ${action === 'pass' ? 'primary' : ''}`, () => {
        const input = { action, by: by() };
        if (note.value.trim()) input.note = note.value.trim();
        if (action === 'extend') input.days = Number(days.value);
        try {
          map.stepProblem(id, input);
          openCard(id);
        } catch (e) {
          problemMsg.textContent = e.message;
        }
      }));
      actions.lastChild.dataset.action = action;
    }
    const inputs = document.createElement('div');
    inputs.className = 'row';
    if (p.allowed.length) inputs.append(note);
    if (p.allowed.includes('extend')) inputs.append(days);
    const hist = document.createElement('ol');
    hist.className = 'history';
    for (const s of p.history) {
      hist.append(text('li', `${s.on} ${t(`act_${s.action}`)} · ${s.by ?? '–'}${s.note ? ` · ${s.note}` : ''} → ${statusLabel(s.status)}`));
    }
    card.replaceChildren(head, ...fields, inputs, actions, problemMsg, text('h3', t('history')), hist);
    if (reveal) card.scrollIntoView({ block: 'start' });
  }

  function closeCard() {
    open = null;
    card.hidden = true;
    card.replaceChildren();
  }

  // ---------- the heat under a click ----------
  /** Lists the problems making up the heat where the map was clicked (the core's
   * parts, largest first), each as a card: a tap opens its full card. */
  function renderHeatParts(d) {
    const box = $('#heat-parts-box');
    box.hidden = false;
    const fmt = (v) => v.toFixed(v < 10 ? 2 : 1);
    $('#heat-parts-sum').textContent = `${t('heatDensity')} ${fmt(d.density)} ${t('heatUnit')} · ${d.count} ${t('heatPartsOf')}`;
    const list = $('#heat-parts');
    const items = d.problems.map((part) => {
      const p = map.problem(part.id);
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'hit';
      b.dataset.id = part.id;
      const head = document.createElement('div');
      head.className = 'hit-head';
      head.append(
        text('span', `${(100 * part.share).toFixed(1)}%`, 'share'),
        text('strong', p?.pointName || t(`cat_${p?.category ?? 'other'}`), 'name'),
        text('span', fmt(part.density), 'dist'),
      );
      const meta = document.createElement('div');
      meta.className = 'hit-meta';
      if (p) {
        meta.append(
          text('span', statusLabel(p.status), `st ${p.status}`),
          text('span', t(`cat_${p.category}`)),
          text('span', `${t('found')} ${p.found ?? '–'}`),
          text('span', `${t('overdueDays')} ${p.daysOverdue} ${t('days')}`, p.daysOverdue > 0 ? 'overdue' : ''),
        );
      }
      const bar = document.createElement('span');
      bar.className = 'sharebar';
      bar.style.width = `${Math.max(1, Math.round(100 * part.share))}%`;
      b.append(head, meta, text('div', p ? [p.street, p.community].filter(Boolean).join(' · ') : part.id, 'chain'), bar);
      b.addEventListener('click', () => {
        openCard(part.id, true);
        if (p) map.show('problem', part.id, [p.lng, p.lat]);
      });
      li.append(b);
      return li;
    });
    if (d.rest > 0) items.push(text('li', `${t('heatPartsMore')} ${fmt(d.rest)} (${(100 * d.rest / d.density).toFixed(1)}%)`, 'muted'));
    list.replaceChildren(...items);
    box.scrollIntoView({ block: 'nearest' });
  }

  // ---------- recording ----------
  const form = $('#record-form');
  $('#record-open').addEventListener('click', () => {
    $('#record-error').textContent = '';
    if (!map.location) {
      $('#locate-status').textContent = t('needLocation');
      return;
    }
    const select = $('#r-point');
    select.replaceChildren(new Option(t('noPoint'), ''));
    for (const p of map.civic.pointsWithin(map.location.lng, map.location.lat, 150, {})) {
      select.append(new Option(`${p.name || p.id} · ${tr().formatDistance(p.distanceM)}`, p.id));
    }
    if (select.options.length > 1) select.selectedIndex = 1;
    form.hidden = false;
    form.scrollIntoView({ block: 'nearest' });
  });
  $('#r-cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  $('#r-save').addEventListener('click', () => {
    const input = {
      lng: map.location.lng,
      lat: map.location.lat,
      category: $('#r-category').value,
      severity: Number($('#r-severity').value),
      source: $('#r-source').value,
      by: by(),
    };
    if ($('#r-point').value) input.point = $('#r-point').value;
    if ($('#r-note').value.trim()) input.note = $('#r-note').value.trim();
    // Photos are references the host stores (here: the files' names).
    const photos = [...$('#r-photos').files].map((f) => f.name);
    if (photos.length) input.photos = photos;
    try {
      const c = map.recordProblem(input);
      form.hidden = true;
      $('#r-note').value = '';
      $('#r-photos').value = '';
      openCard(c.id, true);
    } catch (e) {
      $('#record-error').textContent = e.message;
    }
  });

  // ---------- the outbox ----------
  const count = $('#unsent');
  const status = $('#outbox-status');
  async function showCount() {
    count.textContent = outbox ? String(await outbox.count()) : '–';
  }
  map.addEventListener('civicmap-change', async (e) => {
    if (open) openCard(open);
    if (e.detail.replayed || !outbox) return;
    const { replayed, ...entry } = e.detail;
    await outbox.add(JSON.stringify(entry));
    status.textContent = t('changeSaved');
    await showCount();
  });
  $('#export-journal').addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([map.exportJournal()], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `journal-${map.asOf}.jsonl`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  /** Opens the outbox and replays what it kept onto the loaded data; `results`:
   * what the element loaded (its `asOf` is the data's own date). */
  async function outboxReady(results = {}) {
    declared = Object.values(results).map((r) => r?.asOf).find(Boolean) ?? null;
    showDate();
    try {
      outbox = await openOutbox(datasetKey);
    } catch {
      status.textContent = t('noStorage');
      return;
    }
    const lines = await outbox.all();
    if (lines.length) {
      try {
        const n = map.applyJournal(lines.join('\n'));
        status.textContent = `${t('restored')}: ${n}`;
      } catch (e) {
        status.textContent = `${t('restoreFailed')}: ${e.message}`;
      }
    }
    await showCount();
  }

  function relabel() {
    showDate();
    renderResults();
    if (open) openCard(open);
  }

  return { renderResults, renderHeatParts, openCard, closeCard, relabel, outboxReady, showDate };
}
