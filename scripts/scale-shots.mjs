// Screenshots of the page loading ten million problems (`?synthetic=10000000`) for
// the README: while the point tree is built between frames (`正在建立索引 N %`), and
// while the heatmap's cache is prepared (`正在准备热力图… N %`), each once past
// 30 %, the grid and zones drawn and the panels answering. Into docs/screenshots/
// (CIVICMAP_SHOTS, else target/screenshots/). Run by scripts/screenshots.sh.
//   node scripts/scale-shots.mjs [N]
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, SHOTS } from '../tests/e2e/helpers.mjs';

const n = Number(process.argv[2]) || 10_000_000;
const srv = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${srv.url}/www/?synthetic=${n}`, { timeout: 600000 });
  fs.mkdirSync(SHOTS, { recursive: true });
  // The status line of the map, once it says `what` at `min` % or more.
  const at = (what, min) => page.waitForFunction(([w, m]) => {
    const s = document.getElementById('map')?.shadowRoot?.querySelector('.status')?.textContent ?? '';
    const pct = s.match(/(\d+) %/);
    return s.includes(w) && pct && Number(pct[1]) >= m ? s : null;
  }, [what, min], { timeout: 600000, polling: 20 });
  for (const [what, file] of [['正在建立索引', 'indexing-10m.png'], ['正在准备热力图', 'heat-preparing-10m.png']]) {
    const status = await (await at(what, 30)).jsonValue();
    await page.screenshot({ path: path.join(SHOTS, file) });
    console.log(`${file}: ${status}`);
  }
} finally {
  await browser.close();
  await srv.close();
}
