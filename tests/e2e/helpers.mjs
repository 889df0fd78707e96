import { before, after } from 'node:test';
// Shared by the browser tests: a static server over the repository root on
// 127.0.0.1 (a free port) and headless Debian Chromium through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Screenshots go under target/ in a test run; scripts/screenshots.sh points this at
// docs/screenshots to refresh the README's pictures.
export const SHOTS = process.env.CIVICMAP_SHOTS
  ? path.resolve(process.env.CIVICMAP_SHOTS)
  : path.join(ROOT, 'target/screenshots');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.geojson': 'application/geo+json; charset=utf-8',
  '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json', '.csv': 'text/csv; charset=utf-8',
};

/** Serves the repository root read-only on 127.0.0.1; resolves { url, close }. */
export function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.normalize(path.join(ROOT, decodeURIComponent(url.pathname)));
    if (!file.startsWith(ROOT)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, 'index.html');
    fs.readFile(target, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': MIME[path.extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

/** Headless Chromium with a fresh profile; close() also removes the profile. */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'civicmap-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    timeout: 30000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors, page errors, dialogs and CSP reports of a page. */
export function watch(page) {
  const seen = { errors: [], dialogs: [], csp: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
    if (/Content.Security.Policy/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  return seen;
}

export const FIXTURES = 'tests/e2e/fixtures/';
export const readFixture = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, FIXTURES, name), 'utf8'));

/** One static server and one browser for a test file, started before its tests
 * and closed after them: `const env = session();` then `env.srv`, `env.browser`. */
export function session() {
  const s = {};
  before(async () => {
    s.srv = await serve();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.srv?.close();
  });
  return s;
}
