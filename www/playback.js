// Time playback of the heatmap: step a window of one day or one week through a
// range of days, with play/pause and a slider. Each step only sets the heat
// layer's `from`/`to` (the core's date window) and the element redraws; the page
// counts days in UTC so no time zone moves a date.

const $ = (sel) => document.querySelector(sel);
const DAY = 864e5;
const toMs = (d) => Date.parse(`${d}T00:00:00Z`);
const toDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Wires the controls; `tr()`: the page's translator now. Returns {stepTo, stop, steps}. */
export function initPlayback(map, { tr }) {
  const t = (k) => tr().t(k);
  const slider = $('#pb-slider');
  const play = $('#pb-play');
  let timer = null;

  /** The windows of the range: [{from, to}], each `step` days, the last ending on `to`. */
  function steps() {
    const step = Number($('#pb-step').value);
    const a = $('#pb-from').value;
    const b = $('#pb-to').value;
    if (!a || !b || toMs(a) > toMs(b)) return [];
    const out = [];
    for (let end = toMs(b); end >= toMs(a) + (step - 1) * DAY; end -= step * DAY) {
      out.unshift({ from: toDay(end - (step - 1) * DAY), to: toDay(end) });
    }
    return out;
  }

  function label(w) {
    $('#pb-label').textContent = w ? (w.from === w.to ? w.from : `${w.from} – ${w.to}`) : '';
  }

  /** Shows window `i` of the range on the heat layer. */
  function stepTo(i) {
    const all = steps();
    if (!all.length) return null;
    const k = Math.max(0, Math.min(all.length - 1, i));
    slider.max = String(all.length - 1);
    slider.value = String(k);
    map.setHeatOptions({ ...all[k], lastDays: null });
    label(all[k]);
    return all[k];
  }

  function stop() {
    clearTimeout(timer);
    timer = null;
    play.textContent = t('play');
    play.setAttribute('aria-pressed', 'false');
  }

  function tick() {
    const next = Number(slider.value) + 1;
    if (next > Number(slider.max)) return stop();
    stepTo(next);
    // The next step once this one is drawn, and at most two steps a second.
    requestAnimationFrame(() => {
      timer = setTimeout(tick, 500);
    });
  }

  play.addEventListener('click', () => {
    if (timer) return stop();
    if (Number(slider.value) >= Number(slider.max)) stepTo(0);
    play.textContent = t('pause');
    play.setAttribute('aria-pressed', 'true');
    timer = setTimeout(tick, 0);
  });
  slider.addEventListener('input', () => stepTo(Number(slider.value)));
  for (const id of ['#pb-step', '#pb-from', '#pb-to']) $(id).addEventListener('change', () => stepTo(Infinity));

  /** The range once the data are in: twelve weeks up to the day the map reckons from. */
  function reset() {
    const end = map.asOf;
    if (!end) return;
    $('#pb-to').value = end;
    $('#pb-from').value = toDay(toMs(end) - 83 * DAY);
    slider.max = String(Math.max(0, steps().length - 1));
    slider.value = slider.max;
    label(null);
  }

  return { stepTo, stop, steps, reset, relabel: () => { if (!timer) play.textContent = t('play'); } };
}
