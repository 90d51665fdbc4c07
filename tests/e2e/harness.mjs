// Helpers for the browser tests: index the starter content with the real
// sasae-index, run the real sasae-server on a free port, launch Chromium.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SOURCE_DIR = process.env.SASAE_SOURCE_DIR || path.resolve(here, '..', '..');
export const INDEX_BIN = process.env.SASAE_INDEX_BIN || path.join(SOURCE_DIR, 'build', 'indexer', 'sasae-index');
export const SERVER_BIN = process.env.SASAE_SERVER_BIN || path.join(SOURCE_DIR, 'build', 'server', 'sasae-server');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(here, 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function checkPrerequisites() {
  const missing = [INDEX_BIN, SERVER_BIN, CHROMIUM_BIN].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`missing: ${missing.join(', ')} (set SASAE_INDEX_BIN / SASAE_SERVER_BIN / CHROMIUM_BIN, `
      + 'build the project, or apt-get install chromium)');
  }
}

export async function makeTempDir(prefix = 'sasae-e2e-') {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeDir(dir) {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export async function screenshotDir() {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return SCREENSHOT_DIR;
}

/** Indexes SOURCE_DIR/content (plus extra `LABEL=PATH` roots) into `db` with the real indexer. */
export function indexContent(db, extraRoots = []) {
  return new Promise((resolve, reject) => {
    execFile(INDEX_BIN, ['--db', db, '-q', path.join(SOURCE_DIR, 'content'), ...extraRoots], { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`sasae-index failed (${error.code ?? error.signal}): ${stderr || stdout}`));
        else resolve(stdout + stderr);
      });
  });
}

/**
 * Starts sasae-server (by default on a free port, --port 0) and resolves with
 * { url, process, stop() } once it prints "listening on http://HOST:PORT/".
 * `args` are extra command-line arguments (e.g. ['--token-file', PATH]). When
 * the server exits before listening, the error has `exitedEarly`, `code` and
 * `output` (stdout + stderr), so a test can tell a refused flag from a crash.
 */
// The server runs with its own defaults (a pool sized for browsers' idle keep-alive
// connections); SASAE_E2E_SERVER_THREADS=N overrides the pool size for experiments.
const SERVER_THREADS = process.env.SASAE_E2E_SERVER_THREADS || 'default';

export function startServer({ db, web = path.join(SOURCE_DIR, 'web'), port = 0, timeoutMs = 15_000, args: extra = [] }) {
  return new Promise((resolve, reject) => {
    const args = ['--db', db, '--web', web, '--port', String(port), '--no-access-log', ...extra];
    if (SERVER_THREADS !== 'default') args.push('--threads', SERVER_THREADS);
    // A token in the developer's environment would lock every test out of /api/*.
    const env = { ...process.env };
    delete env.SASAE_API_TOKEN;
    const child = spawn(SERVER_BIN, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`sasae-server did not report its port within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.stdout.on('data', (chunk) => {
      out += chunk;  // keep draining stdout so the server never blocks on a full pipe
      const match = /listening on (http:\/\/[^\s/]+)/.exec(out);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          url: `${match[1]}/`,
          process: child,
          exited,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(Object.assign(new Error(`sasae-server exited early (${code ?? signal})\nstdout: ${out}\nstderr: ${err}`),
        { exitedEarly: true, code, output: out + err }));
    });
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
