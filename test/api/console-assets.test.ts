/**
 * How the server hands out the built console (api/server.ts, serveAdmin): the build's brotli or
 * gzip copy as the client accepts, hashed files cached for a year, index.html revalidated every
 * time, and the console's content security policy on all of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/app';
import { ensureAdminBuilt, ROOT } from '../support/builds';

const DIST = path.join(ROOT, 'admin/dist');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these request headers (fetch would add its own Accept-Encoding and decode). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

let app: TestApp;
/** The largest script of the build: the one that matters most on the wire. */
let script: string;

beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp('empty');
  const scripts = readdirSync(path.join(DIST, 'assets')).filter((file) => file.endsWith('.js'));
  script = scripts.reduce((a, b) => (readFileSync(path.join(DIST, 'assets', b)).length > readFileSync(path.join(DIST, 'assets', a)).length ? b : a));
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe('the console’s static files', () => {
  it('the build holds a brotli and a gzip copy of every script and stylesheet worth compressing', () => {
    const files = readdirSync(path.join(DIST, 'assets'));
    const text = files.filter((file) => /\.(js|css)$/.test(file) && readFileSync(path.join(DIST, 'assets', file)).length >= 512);
    expect(text.length).toBeGreaterThan(0);
    for (const file of text) {
      expect(files).toContain(`${file}.br`);
      expect(files).toContain(`${file}.gz`);
    }
    // Hashed names: a changed file is a new address, which is what makes a year of caching safe.
    for (const file of files.filter((name) => /\.(js|css)$/.test(name))) expect(file).toMatch(/-[\w-]{8}\.(js|css)$/);
  });

  it('serves a hashed script as brotli when the browser accepts it, cached for a year', async () => {
    const answer = await get(`${app.url}/assets/${script}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['vary']).toMatch(/accept-encoding/i);
    expect(answer.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    const original = readFileSync(path.join(DIST, 'assets', script));
    expect(brotliDecompressSync(answer.body).equals(original)).toBe(true);
    // A small fraction of the file on the wire.
    expect(answer.body.length).toBeLessThan(original.length / 3);
  });

  it('falls back to gzip, then to the file itself', async () => {
    const gzip = await get(`${app.url}/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['vary']).toMatch(/accept-encoding/i);
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const original = readFileSync(path.join(DIST, 'assets', script));
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const plain = await get(`${app.url}/assets/${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/members/show/1', '/login'])('serves the console’s page at %s compressed, revalidated on every visit, under the content security policy', async (route) => {
    const answer = await get(`${app.url}${route}`, { 'accept-encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const html = answer.headers['content-encoding'] === 'br' ? brotliDecompressSync(answer.body) : answer.body;
    expect(html.equals(readFileSync(path.join(DIST, 'index.html')))).toBe(true);
    // Revalidation is cheap: the ETag answers 304 without a body.
    const again = await get(`${app.url}${route}`, { 'accept-encoding': 'gzip, br', 'if-none-match': String(answer.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('answers a hashed file that does not exist with 404, not with the console’s page', async () => {
    const answer = await get(`${app.url}/assets/index-00000000.js`, { 'accept-encoding': 'br' });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).not.toMatch(/html/);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('leaves the API’s own answers alone: no cache header, no rewriting', async () => {
    const answer = await get(`${app.url}/healthz`, { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBeUndefined();
    expect(JSON.parse(answer.body.toString())).toEqual({ status: 'ok' });
  });
});
