#!/usr/bin/env node
/**
 * `npm start`: runs the desktop app. The Electron binary is normally fetched by the electron
 * package's postinstall; where that was skipped or the network is closed we try once, and if
 * that fails we say so in one line and point to the browser build instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

/** The message comes from the locale files, both languages on one line. */
function unavailableMessage() {
  const line = (locale) => {
    try {
      const file = path.join(root, 'shared', 'i18n', 'locales', locale, 'electron.json');
      return JSON.parse(readFileSync(file, 'utf8')).start.electronUnavailable;
    } catch {
      return undefined;
    }
  };
  return [line('zh-CN'), line('en')].filter(Boolean).join(' / ') || 'Electron unavailable: npm run web';
}

/**
 * The binary path the electron package would use, without require('electron'): that require
 * starts a download of its own when the binary is missing.
 */
function electronBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
    const binary = path.join(distDir, relative);
    return relative && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(args, label) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

let binary = electronBinary();
if (!binary && existsSync(path.join(electronDir, 'install.js'))) {
  // One attempt; its stack trace on failure is noise next to the message below.
  const verbose = Boolean(process.env.TIANBAO_DEBUG);
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: verbose ? 'inherit' : 'ignore',
    timeout: 10 * 60 * 1000,
  });
  binary = electronBinary();
}
if (!binary) {
  console.error(unavailableMessage());
  process.exit(1);
}

if (!existsSync(path.join(root, 'dist', 'index.html'))) {
  run([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], 'vite build');
}
run([path.join(root, 'scripts', 'build-electron.mjs')], 'build-electron');

const env = { ...process.env };
// Set by some tools; it would make the binary behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
