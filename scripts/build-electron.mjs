#!/usr/bin/env node
/**
 * Bundles the Electron main process and preload with esbuild into dist-electron/.
 * main.js is ESM (the package is "type": "module"; Electron 28+ loads ESM mains). The preload is
 * CommonJS because a sandboxed preload cannot be an ES module. `electron` stays external.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-electron');

const common = {
  absWorkingDir: root,
  bundle: true,
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
};

rmSync(outDir, { recursive: true, force: true });

const builds = [
  {
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outDir, 'main.js'),
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Bundled CommonJS dependencies may call require(); ESM has none, so provide one.
    banner: {
      js: "import { createRequire as __tianbaoCreateRequire } from 'node:module'; const require = __tianbaoCreateRequire(import.meta.url);",
    },
  },
  {
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outDir, 'preload.cjs'),
    // A sandboxed preload is a browser-like context with a limited require('electron').
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
  },
];

try {
  await Promise.all(builds.map((options) => build(options)));
  console.log(`built ${path.relative(root, outDir)}/main.js and preload.cjs`);
} catch (error) {
  // esbuild has already printed the located errors.
  process.exitCode = 1;
  if (!(error && typeof error === 'object' && 'errors' in error)) console.error(error);
}
