// Screenshots of the weekly bulletin of the demo week for the README: builds it
// with `civicmap bulletin` into target/bulletin-demo/ (release build), opens the
// page in headless Chromium at A4 width, and saves its head (summary and street
// ranking) and its maps into docs/screenshots/ (CIVICMAP_SHOTS, else
// target/screenshots/). Run by scripts/screenshots.sh.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, SHOTS, ROOT } from '../tests/e2e/helpers.mjs';

const out = path.join(ROOT, 'target/bulletin-demo');
execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'civicmap', '--', 'bulletin', '--data', 'data/demo',
  '--week', '2026-W47', '--outline', 'data/zhengxiang.geojson', '--out', out], { cwd: ROOT, stdio: 'inherit' });
const browser = await launch();
try {
  const page = await browser.context.newPage();
  // A4 at 96 dpi is 794 px wide.
  await page.setViewportSize({ width: 794, height: 1000 });
  await page.goto(`file://${out}/index.html`);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'bulletin-a4.png'), clip: { x: 0, y: 0, width: 794, height: 760 } });
  await (await page.$('.maps')).screenshot({ path: path.join(SHOTS, 'bulletin-maps.png') });
  console.log(`bulletin screenshots in ${SHOTS}`);
} finally {
  await browser.close();
}
