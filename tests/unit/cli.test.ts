/**
 * Runs the real `tianbao` entry point (node + tsx shim) as a child process, the way IT staff and
 * batch jobs call it.
 */
import { expectOneErrorLine, runTianbao, type CliOutcome } from '../helpers/run-cli.ts';
import { describe, expect, it } from 'vitest';
import { run, cliLocaleTag } from '../../cli/main.ts';

function tianbao(args: string[], lang = 'zh_CN.UTF-8'): Promise<CliOutcome> {
  return runTianbao(args, { lang });
}

describe.concurrent('tianbao uscc check', () => {
  it('exits 0 and prints the normalized code for a valid one', async () => {
    const out = await tianbao(['uscc', 'check', '9135 0100-m000100y43']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('91350100M000100Y43：校验通过');
    expect(out.stdout).toContain('登记管理机关所在地：福建省福州市');
    expect(out.stderr).toBe('');
  });

  it('exits 1 and locates each error', async () => {
    const out = await tianbao(['uscc', 'check', '9135O100M000100Y44']);
    expect(out.code).toBe(1);
    expect(out.stdout.split('\n')).toEqual([
      '9135O100M000100Y44：校验未通过，共 1 处问题',
      '  9135O100M000100Y44',
      '      ^',
      '  - 第5位字母“O”无效：统一社会信用代码不使用字母 I、O、Z、S、V，请核对是否把数字看成了字母（如 0 与 O、1 与 I、2 与 Z、5 与 S）',
      '',
    ]);
  });

  it('prints parseable JSON with keys, params and text', async () => {
    const ok = await tianbao(['uscc', 'check', '914403001922038216', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      ok: true,
      normalized: '914403001922038216',
      region: '广东省深圳市',
    });

    const bad = await tianbao(['uscc', 'check', '--json', '91350100M000100Y44']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      input: '91350100M000100Y44',
      normalized: '91350100M000100Y44',
      errors: [
        {
          position: 18,
          key: 'validation:uscc.checkDigit',
          params: { expected: '3', actual: '4' },
          message: '第18位校验码应为 3，实际为 4，请逐位核对代码是否抄错',
        },
      ],
    });
  });

  it('speaks English when LANG starts with en', async () => {
    const out = await tianbao(['uscc', 'check', '91350100M000100Y4'], 'en_US.UTF-8');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('91350100M000100Y4: not valid, 1 problem\n');
    expect(out.stdout).toContain('A Unified Social Credit Code has 18 characters; this one has 17');
  });
});

describe.concurrent('tianbao template', () => {
  it('lists the built-in templates as JSON', async () => {
    const out = await tianbao(['template', 'list', '--json']);
    expect(out.code).toBe(0);
    const list = JSON.parse(out.stdout) as { id: string; version: string; name: string; taskCount: number }[];
    const keytasks = list.find((t) => t.id === 'keytasks-2023');
    expect(keytasks).toMatchObject({ taskCount: 11 });
    expect(keytasks?.version).toMatch(/^\d+(\.\d+)*$/);
    expect(keytasks?.name.length).toBeGreaterThan(0);
  });

  it('lists them as a table', async () => {
    const out = await tianbao(['template', 'list']);
    expect(out.code).toBe(0);
    const [header, ...rows] = out.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^编号\s+版本\s+任务数\s+名称$/);
    expect(rows.some((r) => /^keytasks-2023\s+\S+\s+11\s+\S/.test(r))).toBe(true);
  });

  it('shows a whole template as JSON', async () => {
    const out = await tianbao(['template', 'show', 'keytasks-2023']);
    expect(out.code).toBe(0);
    const template = JSON.parse(out.stdout) as { id: string; tasks: unknown[]; outline: unknown[] };
    expect(template.id).toBe('keytasks-2023');
    expect(template.tasks).toHaveLength(11);
    expect(template.outline.length).toBeGreaterThan(0);
    const withFlag = await tianbao(['template', 'show', 'keytasks-2023', '--json']);
    expect(JSON.parse(withFlag.stdout)).toEqual(template);
  });

  it('rejects an unknown id with exit 2 and the valid ids', async () => {
    const line = expectOneErrorLine(await tianbao(['template', 'show', 'nope']));
    expect(line).toMatch(/^错误：没有编号为“nope”的模板，可用的模板：.*keytasks-2023/);
  });
});

describe.concurrent('bad arguments: exit 2, one line', () => {
  it.each([
    [['uscc', 'check'], '错误：缺少参数 <code>。运行“tianbao uscc check --help”查看用法'],
    [
      ['uscc', 'check', 'a', 'b'],
      '错误：参数过多：需要 1 个，实际给了 2 个。运行“tianbao uscc check --help”查看用法',
    ],
    [
      ['uscc', 'check', '--jsn', 'x'],
      '错误：未知选项 --jsn，是否要输入 --json。运行“tianbao uscc check --help”查看用法',
    ],
    [
      ['frobnicate'],
      '错误：未知命令“frobnicate”，可用命令：template、workbook、report、summary、package、stamp、verify、backup、uscc。运行“tianbao --help”查看用法',
    ],
    [
      ['template'],
      '错误：请指定命令，可用命令：list、show、import、export。运行“tianbao template --help”查看用法',
    ],
    [
      [],
      '错误：请指定命令，可用命令：template、workbook、report、summary、package、stamp、verify、backup、uscc。运行“tianbao --help”查看用法',
    ],
  ])('tianbao %j', async (args, message) => {
    expect(expectOneErrorLine(await tianbao(args))).toBe(message);
  });

  it('in English', async () => {
    expect(expectOneErrorLine(await tianbao(['template', 'show'], 'en_GB.UTF-8'))).toBe(
      'Error: missing argument <id>. Run “tianbao template show --help” for usage',
    );
  });
});

describe.concurrent('help and version', () => {
  it('prints translated help with exit 0', async () => {
    const out = await tianbao(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('命令：');
    expect(out.stdout).toContain('统一社会信用代码工具');
    const sub = await tianbao(['help', 'uscc'], 'en_US.UTF-8');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('Unified Social Credit Code tools');
  });

  it('prints the version', async () => {
    const out = await tianbao(['--version']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('run() in process', () => {
  it('writes to the given streams and returns the exit code', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: { LANG: 'en_US.UTF-8' },
    };
    expect(await run(['node', 'tianbao', 'uscc', 'check', '91350100M000100Y43'], io)).toBe(0);
    expect(stdout).toContain('91350100M000100Y43: valid');
    expect(await run(['node', 'tianbao', 'uscc', 'nope'], io)).toBe(2);
    expect(stderr).toBe(
      'Error: unknown command “nope”; commands: check. Run “tianbao uscc --help” for usage\n',
    );
  });

  it('picks the locale from LC_ALL, LC_MESSAGES, LANG, skipping C/POSIX', () => {
    expect(cliLocaleTag({ LC_ALL: 'C.UTF-8', LANG: 'en_US.UTF-8' })).toBe('en_US.UTF-8');
    expect(cliLocaleTag({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh_CN.UTF-8');
    expect(cliLocaleTag({ LC_MESSAGES: 'en_US', LANG: 'zh_CN' })).toBe('en_US');
    expect(cliLocaleTag({ LANG: 'POSIX' })).toBeUndefined();
    expect(cliLocaleTag({})).toBeUndefined();
  });
});
