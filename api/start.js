#!/usr/bin/env node
/**
 * `npm start`: builds the server (tsc) and the admin (vite) when their sources are newer than the
 * last build, then runs the server. Plain JavaScript so that it runs before anything is compiled.
 */
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { serverNodeFlags } = require('./node-flags');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestMtime(entries) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (['node_modules', 'dist', '.build'].includes(path.basename(file))) return;
      for (const child of fs.readdirSync(file)) visit(path.join(file, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  entries.forEach((entry) => visit(path.join(root, entry)));
  return newest;
}

function mtime(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function run(label, command, args) {
  console.log(`[start] ${label}…`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (mtime('.build/api/main.js') < newestMtime(['api', 'migrations', 'tsconfig.json', 'package-lock.json'])) {
  run('compiling the server', npx, ['tsc', '-p', 'tsconfig.json']);
  fs.utimesSync(path.join(root, '.build/api/main.js'), new Date(), new Date());
}
/** The mode admin/dist was built in (admin/vite.config.ts writes dist/build.json); null for an older build. */
function adminBuildMode() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'admin/dist/build.json'), 'utf8')).mode ?? null;
  } catch {
    return null;
  }
}

// Rebuilt when its sources changed, and whenever dist is not a production build (e.g. one left by
// an older tool that built it under NODE_ENV=test): the console is never served in development mode.
const adminStale = mtime('admin/dist/index.html') < newestMtime(['admin', 'package-lock.json']) || adminBuildMode() !== 'production';
if (fs.existsSync(path.join(root, 'admin/vite.config.ts')) && adminStale) {
  run('building the admin console', npx, ['vite', 'build', '--config', 'admin/vite.config.ts', '--logLevel', 'warn']);
}

const server = spawn(process.execPath, [...serverNodeFlags(), path.join(root, '.build/api/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
