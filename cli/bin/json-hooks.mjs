/**
 * Module hook: a JSON file without an import attribute becomes a module with one default export,
 * as Node's own JSON modules are. tsx (via esbuild) would also emit a named export per top-level
 * key, which is a SyntaxError for keys such as `eval` or `arguments` (a locale namespace once had `eval`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export async function load(url, context, nextLoad) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'file:' || !parsed.pathname.endsWith('.json') || context.importAttributes?.type) {
    return nextLoad(url, context);
  }
  const text = (await readFile(fileURLToPath(parsed), 'utf8')).replace(/^\uFEFF/, '');
  // Parse first so a broken file fails here with its path, not as a confusing syntax error.
  const value = JSON.parse(text);
  return { format: 'module', source: `export default ${JSON.stringify(value)};\n`, shortCircuit: true };
}
