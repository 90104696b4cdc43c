#!/usr/bin/env node
// Plain JS so `node` can start it anywhere; tsx then loads the TypeScript CLI without a build step.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

// `tianbao template show … | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
// Registered after tsx so it runs first for JSON (hooks chain last-in, first-out).
registerHooks('./json-hooks.mjs', import.meta.url);
const { run } = await import('../main.ts');
process.exitCode = await run(process.argv);
