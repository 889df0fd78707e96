// The page's 通报 (bulletin) tab: the core's scores and ranking (`scores`) for a
// chosen ISO week and unit (streets, communities, zones of a level, owners, units),
// the bottom N highlighted and named, the weights and the formula the core used,
// printable (print CSS shows this tab alone) and downloadable as CSV (the element's
// core's CSV writer, formulas defused). Scores are computed in the tables module (the
// element's `tables()`), which the first show loads. Every number is the core's; data text only through
// textContent.

const $ = (sel) => document.querySelector(sel);

function text(tag, value, cls) {
  const e = document.createElement(tag);
  e.textContent = value == null ? '' : String(value);
  if (cls) e.className = cls;
  return e;
}

const signed = (x) => (x > 0 ? `+${x.toFixed(1)}` : x.toFixed(1));
const move = (c) => (c === 0 ? '—' : c > 0 ? `↑${c}` : `↓${-c}`);

/** Wires the tab; `tr()`: the page's translator now. Returns {show, relabel, last}. */
export function initBulletin(map, { tr }) {
  const t = (k) => tr().t(k);
  let last = null;

  function options() {
    const by = $('#b-by').value;
    const o = { by, bottom: Number($('#b-bottom').value) || 0 };
    if ($('#b-week').value) o.week = $('#b-week').value;
    if (by === 'zone') o.level = Number($('#b-level').value);
    return o;
  }

  /** Asks the core and draws the ranking; the core's refusal is shown in its words.
   * Scores are in the tables module (loaded on the first call), so this is async;
   * `body[data-bulletin-busy]` is set while it runs. */
  async function show() {
    if (!map.civic) return null;
    $('#b-level-label').hidden = $('#b-by').value !== 'zone';
    document.body.dataset.bulletinBusy = '1';
    let s;
    try {
      s = (await map.tables()).scores(options());
    } catch (e) {
      $('#b-error').textContent = e.message;
      return null;
    } finally {
      delete document.body.dataset.bulletinBusy;
    }
    $('#b-error').textContent = '';
    last = s;
    if (!$('#b-week').value && s.asOfWeek) {
      // First show: the week of the ledger date.
      $('#b-week').value = s.asOfWeek;
      return show();
    }
    // The map shows the same window's heat.
    map.setHeatOptions({ from: s.from, to: s.to, lastDays: null });
    render(s);
    return s;
  }

  function render(s) {
    $('#b-title').textContent = t('bulletinTitle');
    $('#b-meta').textContent = `${s.week ?? ''} ${t('windowOf')} ${s.from} – ${s.to} · ${t('ledgerDate')} ${s.asOf ?? '–'} · ${t('previousWindow')} ${s.previousFrom} – ${s.previousTo}`;
    const named = s.units.filter((u) => u.bottom).map((u) => u.name);
    $('#b-named').replaceChildren(
      text('span', `${t('bottomNamed').replace('{n}', s.bottom)}：`),
      ...named.flatMap((n, i) => [i ? '、' : '', text('strong', n, 'named')]),
    );
    $('#b-named').hidden = !named.length;
    const cols = ['rank', 'unitCol', 'holder', 'score', 'scoreChange', 'rankChange', 'foundCol', 'perKm2Col', 'overdueOpen', 'onTimeDue', 'recurCol'];
    const head = document.createElement('tr');
    head.append(...cols.map((c) => text('th', t(c))));
    $('#b-table thead').replaceChildren(head);
    $('#b-table tbody').replaceChildren(...s.units.map((u) => {
      const row = document.createElement('tr');
      if (u.bottom) row.className = 'bottom';
      row.dataset.id = u.id;
      const x = u.tally;
      row.append(
        text('td', u.rank, 'num'), text('td', u.name), text('td', u.holder ?? ''),
        text('td', u.score.toFixed(1), 'num score'), text('td', signed(u.scoreChange), 'num'),
        text('td', move(u.rankChange), 'num'), text('td', x.found, 'num'), text('td', x.perKm2.toFixed(2), 'num'),
        text('td', `${x.overdue}/${x.open}`, 'num'), text('td', `${x.onTime}/${x.due}`, 'num'), text('td', x.recurrences, 'num'),
      );
      return row;
    }));
    const w = s.weights;
    const r = s.rule;
    $('#b-method').textContent = `${t('scoreMethod')} ${t('src_open_inspection')} ${w.open_inspection}、${t('src_covert_inspection')} ${w.covert_inspection}、${t('src_complaint')} ${w.complaint}、${t('src_media')} ${w.media}; `
      + `min(${r.foundMax}, ${r.foundPerKm2Week} × /km² × 7/${daysOf(s)}) · ${r.backlog} × overdue/open · ${r.late} × late/due · ${r.recurrence} × recurrences/(found ∪ reopened).`;
  }

  const daysOf = (s) => Math.round((Date.parse(s.to) - Date.parse(s.from)) / 864e5) + 1;

  /** The ranking shown, as CSV text (the core's writer: BOM, CRLF, formulas defused); a Promise. */
  async function csv() {
    if (!last) return '';
    const head = ['名次', '单位', '编号', '责任人', '得分', '较上期', '名次变化', '后N位', '发现', '加权每km2', '未销号', '逾期', '到期', '按时', '复发'];
    const rows = last.units.map((u) => {
      const x = u.tally;
      return [u.rank, u.name, u.id, u.holder ?? '', Number(u.score.toFixed(1)), Number(u.scoreChange.toFixed(1)), u.rankChange, u.bottom ? '是' : '',
        x.found, Number(x.perKm2.toFixed(3)), x.open, x.overdue, x.due, x.onTime, x.recurrences];
    });
    return (await map.tablesModule()).csvTable(head, rows);
  }

  for (const id of ['#b-week', '#b-by', '#b-level', '#b-bottom']) $(id).addEventListener('change', show);
  $('#b-print').addEventListener('click', () => window.print());
  $('#b-csv').addEventListener('click', async () => {
    const url = URL.createObjectURL(new Blob([await csv()], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `ranking-${last?.by ?? 'street'}-${last?.week ?? last?.from ?? ''}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  return { show, relabel: () => last && render(last), csv, get last() { return last; } };
}
