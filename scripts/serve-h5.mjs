#!/usr/bin/env node
// Zero-dependency static server for the H5 build (miniapp/dist/h5) with SPA fallback to index.html.
// Env: HUOBAN_WEB_PORT (8080), HUOBAN_WEB_HOST (127.0.0.1), HUOBAN_WEB_ROOT (miniapp/dist/h5, relative to the repo).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(REPO, process.env.HUOBAN_WEB_ROOT ?? 'miniapp/dist/h5');
const PORT = Number(process.env.HUOBAN_WEB_PORT ?? 8080);
const HOST = process.env.HUOBAN_WEB_HOST ?? '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
};

/** Resolves a URL path inside ROOT; undefined when it would escape it. */
function localPath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = resolve(ROOT, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return file === ROOT || file.startsWith(ROOT + sep) ? file : undefined;
}

async function fileAt(path) {
  try {
    const s = await stat(path);
    if (s.isFile()) return { path, size: s.size, mtime: s.mtime };
    if (s.isDirectory()) return fileAt(join(path, 'index.html'));
  } catch {
    // missing: fall through
  }
  return undefined;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'Method Not Allowed\n');
  }
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  const path = localPath(urlPath);
  if (!path) return send(res, 400, 'Bad Request\n');
  let file = await fileAt(path);
  // SPA fallback: routes without a file extension get index.html; a missing asset stays a 404.
  if (!file && extname(urlPath) === '') file = await fileAt(join(ROOT, 'index.html'));
  if (!file) return send(res, 404, 'Not Found\n');
  const isHtml = extname(file.path) === '.html';
  res.writeHead(200, {
    'content-type': MIME[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
    'last-modified': file.mtime.toUTCString(),
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
});

server.on('error', (err) => {
  console.error(`[serve-h5] ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, async () => {
  const index = await fileAt(join(ROOT, 'index.html'));
  const where = ROOT.startsWith(REPO + sep) ? ROOT.slice(REPO.length + 1) : ROOT;
  console.log(`[serve-h5] serving ${where} on http://${HOST}:${PORT}`);
  if (!index) console.warn(`[serve-h5] warning: ${where}/index.html does not exist yet (build the H5 app first)`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
