// The portal page's own script: points <civic-map> at the data (?data= overrides the
// folder, ?outline= the outline), then uses only its attributes, events and JS API.
const params = new URLSearchParams(location.search);
const map = document.getElementById('map');
if (params.get('data')) {
  const base = new URL(params.get('data'), location.href);
  for (const k of ['cells', 'zones', 'points', 'problems']) map.setAttribute(k, new URL(`${k}.geojson`, base).href);
  map.setAttribute('owners', new URL('owners.json', base).href);
}
if (params.get('outline')) map.setAttribute('outline', new URL(params.get('outline'), location.href).href);

// Attributes are read when the element connects, so define it after setting them.
await import('./civic-map.js');

const log = document.getElementById('log');
function note(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.prepend(li);
  while (log.children.length > 20) log.lastChild.remove();
}
map.addEventListener('civic-ready', (e) => {
  const c = e.detail.counts;
  note(`civic-ready: ${c.cells} 网格, ${c.zones} 责任区, ${c.points} 点位, ${c.problems} 问题`);
  document.body.dataset.ready = 'true';
});
map.addEventListener('civic-problem-click', (e) => note(`civic-problem-click: ${e.detail.hit.id}`));
map.addEventListener('civic-locate', (e) => note(`civic-locate: ${e.detail.results.length}`));
map.addEventListener('civic-heat', (e) => note(`civic-heat: ${e.detail.ms.toFixed(1)} ms`));

for (const b of document.querySelectorAll('[data-layer]')) {
  b.addEventListener('click', () => {
    const on = b.getAttribute('aria-pressed') !== 'true';
    b.setAttribute('aria-pressed', String(on));
    map.setLayer(b.dataset.layer, on);
  });
}
document.getElementById('fit').addEventListener('click', () => map.fit());
