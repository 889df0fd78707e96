// Shared by the package tests: the tarball scripts/package.sh made, scratch consumer
// projects under target/pkgtest/ that install it with `npm install --offline`, and a
// static server over one folder with the headers a test asks for.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'node_modules/.bin');

/** The tarball of `npm pack` (scripts/package.sh runs first in scripts/test.sh). */
export function tarball() {
  const dir = path.join(ROOT, 'target/npm');
  const name = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => /^civicmap-.*\.tgz$/.test(f));
  if (!name) throw new Error('no target/npm/civicmap-*.tgz: run bash scripts/package.sh first');
  return path.join(dir, name);
}

/**
 * A fresh consumer project target/pkgtest/<name> with `files` written into it and the
 * tarball installed offline (no registry is asked: civicmap has no dependencies).
 * Tools (tsc, esbuild, vite) come from the repository's pinned devDependencies.
 */
export function scratch(name, files = {}) {
  const dir = path.join(ROOT, 'target/pkgtest', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball()], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** Runs a tool from node_modules/.bin in `cwd`; resolves {code, out} (stdout and stderr). */
export function run(tool, args, cwd) {
  try {
    const out = execFileSync(path.join(BIN, tool), args, { cwd, stdio: 'pipe', encoding: 'utf8' });
    return { code: 0, out };
  } catch (e) {
    return { code: e.status ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.geojson': 'application/geo+json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves `dir` read-only on 127.0.0.1 with `headers` on every answer; resolves {url, close}. */
export function serveDir(dir, headers = {}) {
  const root = path.resolve(dir) + path.sep;
  const server = http.createServer((req, res) => {
    const file = path.normalize(path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const target = file.endsWith(path.sep) ? path.join(file, 'index.html') : file;
    if (!target.startsWith(root)) return res.writeHead(403).end();
    fs.readFile(target, (err, body) => {
      if (err) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': MIME[path.extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

/** The demo data (data/demo and the district outline) copied into `dir`/data/. */
export function copyDemoData(dir) {
  const to = path.join(dir, 'data');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['cells.geojson', 'zones.geojson', 'points.geojson', 'problems.geojson', 'owners.json']) {
    fs.copyFileSync(path.join(ROOT, 'data/demo', f), path.join(to, f));
  }
  fs.copyFileSync(path.join(ROOT, 'data/zhengxiang.geojson'), path.join(to, 'outline.geojson'));
}

/** The query every consumer test asks, and its answer from the repository's own build. */
export const QUERY = { lng: 112.6005, lat: 26.9005, k: 5, filter: { asOf: '2026-11-20' } };
