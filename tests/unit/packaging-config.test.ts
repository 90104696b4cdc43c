/**
 * The installer configuration, checked without packaging (Electron cannot be downloaded here):
 * electron-builder.yml is loaded and validated by electron-builder's own code (the same loader and
 * JSON-schema validation `electron-builder` runs first), then held to what we ship: targets and
 * architectures, a per-user NSIS installer, ids and names, the .tbpkg association, the auto-update
 * feed, fuses, and every path it names existing, with the icons as the committed script draws them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENED_FILE_EXTENSIONS } from '../../shared/host/api.ts';
import zhElectron from '../../shared/i18n/locales/zh-CN/electron.json';
import {
  ICO_SIZES,
  LINUX_ICON_SIZES,
  MASTER_ICON_SIZE,
  iconFiles,
  parseIco,
  renderIcon,
} from '../../scripts/make-icons.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel));
const pkg = JSON.parse(read('package.json').toString('utf8')) as {
  main: string;
  name: string;
  scripts: Record<string, string>;
};

type TargetList = Array<{ target: string; arch?: string[] }>;

let config: Configuration;

beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
}, 120_000);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is refused by that validation when an option is misspelt (the check can fail)', async () => {
    const broken = { ...config, nsis: { ...config.nsis, perMachin: false } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/nsis/);
  });

  it('names the app: id, Chinese product name, ASCII executable and artifacts', () => {
    expect(config.appId).toBe('cn.tianbao.app');
    expect(config.productName).toBe('职教填报');
    expect(config.productName).toBe(zhElectron.app.name);
    expect(config.executableName).toBe('tianbao');
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('pins electronVersion to the installed electron package', () => {
    const electron = JSON.parse(read('node_modules/electron/package.json').toString('utf8')) as {
      version: string;
    };
    expect(config.electronVersion).toBe(electron.version);
  });

  it('builds NSIS for Windows x64, per user, never asking for administrator rights', () => {
    expect(config.win?.target as TargetList).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: false,
      allowElevation: false,
      deleteAppDataOnUninstall: false,
      shortcutName: '职教填报',
    });
  });

  it('builds deb and AppImage for Linux, each for x64 and arm64', () => {
    expect(config.linux?.target as TargetList).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    expect(config.linux?.category).toBe('Office');
  });

  it('associates exactly the extensions the app opens, with a MIME type and an ASCII ProgID', () => {
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations.map((a) => a.ext)).toEqual([...OPENED_FILE_EXTENSIONS]);
    for (const a of associations) {
      expect(a.mimeType).toBe('application/x-tianbao-package');
      expect(a.name).toMatch(/^[A-Za-z][A-Za-z0-9.]*$/);
      expect(a.description).toBe('职教填报提交包');
    }
  });

  it('writes a generic update feed (the real address is set at run time) and never publishes', () => {
    expect([config.publish].flat()).toEqual([
      { provider: 'generic', url: 'https://updates.invalid/tianbao/' },
    ]);
    for (const script of ['dist', 'dist:linux', 'dist:win']) {
      expect(pkg.scripts[script]).toMatch(/^npm run build && electron-builder .*--publish never$/);
    }
    expect(pkg.scripts['dist:linux']).toContain('--linux');
    expect(pkg.scripts['dist:win']).toContain('--win');
  });

  it('ships the Electron fuses closed', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });
});

describe('paths the configuration relies on', () => {
  it('packs the built renderer and the main entry that package.json names', () => {
    const filters = [config.files]
      .flat()
      .flatMap((f) => (typeof f === 'string' ? [f] : ((f as { filter?: string[] }).filter ?? [])));
    expect(filters).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**', 'package.json']));
    expect(filters).toContain('!**/node_modules/**');
    // package.json "main" is what Electron starts; the esbuild script must write exactly that file.
    expect(pkg.main).toBe('dist-electron/main.js');
    const build = read('scripts/build-electron.mjs').toString('utf8');
    expect(build).toMatch(
      /entryPoints: \['electron\/main\.ts'\],\s*outfile: path\.join\(outDir, 'main\.js'\)/,
    );
    expect(build).toMatch(
      /entryPoints: \['electron\/preload\.ts'\],\s*outfile: path\.join\(outDir, 'preload\.cjs'\)/,
    );
    expect(build).toContain("path.join(root, 'dist-electron')");
    // The main process loads the preload from beside itself under the same name.
    expect(read('electron/main.ts').toString('utf8')).toContain(
      "preloadPath: path.join(here, 'preload.cjs')",
    );
    expect(existsSync(path.join(ROOT, 'electron/main.ts'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'electron/preload.ts'))).toBe(true);
  });

  it('names icon files that exist and are what their names say', () => {
    const ico = config.win?.icon as string;
    expect([
      ico,
      config.nsis?.installerIcon,
      config.nsis?.uninstallerIcon,
      config.nsis?.installerHeaderIcon,
    ]).toEqual(Array(4).fill('build/icon.ico'));
    const entries = parseIco(read(ico));
    expect(entries.map((e) => [e.width, e.height, e.bitCount, e.format])).toEqual(
      ICO_SIZES.map((s) => [s, s, 32, s >= 256 ? 'png' : 'bmp']),
    );
    const png256 = PNG.sync.read(entries.at(-1)!.data);
    expect([png256.width, png256.height]).toEqual([256, 256]);

    expect(config.linux?.icon).toBe('build/icons');
    for (const size of LINUX_ICON_SIZES) {
      const png = PNG.sync.read(read(`build/icons/${size}x${size}.png`));
      expect([png.width, png.height], `${size}x${size}.png`).toEqual([size, size]);
    }
    const master = PNG.sync.read(read('build/icon.png'));
    expect([master.width, master.height]).toEqual([MASTER_ICON_SIZE, MASTER_ICON_SIZE]);
    expect(config.directories?.buildResources).toBe('build');
  });

  it('has committed icons identical to what scripts/make-icons.ts draws', () => {
    for (const [rel, bytes] of iconFiles()) expect(read(rel).equals(bytes), rel).toBe(true);
    // And the drawing is the brand: red corners inside, transparent outside, a white mark.
    const rgba = renderIcon(64);
    const at = (x: number, y: number) => [...rgba.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4)];
    expect(at(0, 0)[3]).toBe(0);
    expect(at(8, 32)).toEqual([0xc8, 0x10, 0x2e, 255]);
    expect(at(32, 40)).toEqual([255, 255, 255, 255]);
  }, 60_000);

  it('refuses a damaged ICO with the place of the damage', () => {
    const ico = read('build/icon.ico');
    expect(() => parseIco(ico.subarray(0, 40))).toThrow(/ICO image 0 runs past the end/);
    expect(() => parseIco(Buffer.from('PNG'))).toThrow('not an ICO file (header at byte 0)');
  });
});
