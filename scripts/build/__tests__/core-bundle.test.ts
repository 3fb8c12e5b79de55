/**
 * The shipped core bundle (`npm run build` → force-app/main/default/lwc/strideCore): unminified,
 * each file under the platform's 128 KB source limit, each bundled library in files of its own with
 * a licence header naming it and its version, and the files, loaded as the platform loads ES
 * modules, compute what src/core computes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as source from '../../../src/core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'force-app', 'main', 'default', 'lwc', 'strideCore');
const luxonVersion = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'luxon', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const files = fs.existsSync(BUNDLE) ? fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.js')) : [];

describe('the core bundle', () => {
  it('is built (npm run build) as strideCore.js and the luxon files', () => {
    expect(files.sort()).toEqual(['luxonCalendar.js', 'luxonDateTime.js', 'luxonFormat.js', 'strideCore.js']);
  });

  it('keeps every file under 128 KB, unminified, luxon files with its licence and version', () => {
    for (const file of files) {
      const code = fs.readFileSync(path.join(BUNDLE, file), 'utf8');
      expect({ file, fits: Buffer.byteLength(code) <= 128 * 1024 }).toEqual({ file, fits: true });
      // Minified code is a few very long lines; this is ordinary source.
      const lines = code.split('\n');
      expect(lines.length).toBeGreaterThan(1000);
      if (file.startsWith('luxon')) {
        expect(code.startsWith(`/*!\n * luxon ${luxonVersion} (https://github.com/moment/luxon)`)).toBe(true);
        expect(code).toContain('Copyright 2019 JS Foundation and other contributors');
        expect(code).toContain('Permission is hereby granted, free of charge');
      }
    }
    expect(fs.readFileSync(path.join(BUNDLE, 'strideCore.js'), 'utf8')).toContain('function computeDueAt(');
  });

  it('computes what src/core computes when its files are loaded as ES modules', async () => {
    // Node wants extensions on relative imports; the platform does not.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-core-bundle-'));
    try {
      for (const file of files) {
        const code = fs
          .readFileSync(path.join(BUNDLE, file), 'utf8')
          .replace(/'\.\/([A-Za-z]+)'/g, "'./$1.mjs'");
        fs.writeFileSync(path.join(dir, file.replace(/\.js$/, '.mjs')), code);
      }
      // A child process: Jest's module system does not load ES modules.
      const script = `
        const core = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'strideCore.mjs')).href)});
        const input = JSON.parse(process.argv[1]);
        input.base = new Date(input.base);
        process.stdout.write(JSON.stringify([
          core.computeDueAt(input),
          core.isValidTimeZone('Australia/Sydney'),
          core.isValidTimeZone('Mars/Olympus')
        ]));`;
      const input = {
        base: '2026-03-27T16:00:00Z',
        delayAmount: 2,
        delayUnit: 'Days',
        timing: 'Immediate (Any Day)',
        calendar: null,
        recipientTimeZone: 'Europe/Berlin'
      };
      const output = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', script, JSON.stringify(input)],
        {
          encoding: 'utf8'
        }
      );
      const expected = [
        source.computeDueAt({ ...input, base: new Date(input.base) } as unknown as Parameters<
          typeof source.computeDueAt
        >[0]),
        true,
        false
      ];
      expect(JSON.parse(output)).toEqual(JSON.parse(JSON.stringify(expected)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
