import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, localeFrom, NAMESPACES, resources } from '../../shared/i18n/index.ts';

function keys(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object') return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : ext.test(name) ? [p] : [];
  });
}

describe('i18n', () => {
  for (const ns of NAMESPACES) {
    it(`zh-CN and en have the same keys in "${ns}"`, () => {
      expect(keys(resources.en[ns]).sort()).toEqual(keys(resources['zh-CN'][ns]).sort());
    });
  }

  it('formats messages with parameters in both languages, Chinese by default', () => {
    expect(createTranslator().format({ key: 'common:unit.saveInvalid', params: { count: 3 } })).toBe(
      '有 3 处需要修改，请查看标红的栏目',
    );
    expect(createTranslator('en').format({ key: 'common:unit.saveInvalid', params: { count: 3 } })).toContain(
      '3 fields',
    );
  });

  it('picks the locale from LANG-style tags', () => {
    expect(localeFrom('en_US.UTF-8')).toBe('en');
    expect(localeFrom('zh_CN.UTF-8')).toBe('zh-CN');
    expect(localeFrom(undefined)).toBe('zh-CN');
  });

  it('no user-facing Chinese text is written inside UI, shell or CLI code', () => {
    const roots = ['renderer/src', 'electron', 'cli'];
    const offenders: string[] = [];
    for (const root of roots) {
      for (const file of filesUnder(root, /\.(ts|tsx|mjs)$/)) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const code = line.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
            if (/^\s*\*/.test(line)) return; // JSDoc body
            if (/[\u4e00-\u9fff]/.test(code)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
