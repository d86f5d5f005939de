#!/usr/bin/env node
/**
 * `npm run dev`: tsc in watch mode, the server restarted on every compiled change, and Vite's dev
 * server with hot reload for the admin (http://localhost:5173, proxying /graphql to the API).
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const built = spawnSync(npx, ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const children = [
  spawn(npx, ['tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['--enable-source-maps', '--watch-path=.build', '.build/api/main.js'], {
    cwd: root,
    stdio: 'inherit',
    env: { LOG_LEVEL: 'debug', ...process.env },
  }),
  spawn(npx, ['vite', '--config', 'admin/vite.config.ts'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
