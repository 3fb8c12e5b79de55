/**
 * The build's deploy checks, run on throwaway projects: a component the platform compiler rejects,
 * a .ts without its compiled .js, and a missing custom label each fail `scripts/build.mjs`; a valid
 * component is compiled in place with its decorators kept.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BUILD = path.resolve(__dirname, '../../build.mjs');

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <isExposed>false</isExposed>
</LightningComponentBundle>
`;

const GOOD_TS = `import { LightningElement, api } from 'lwc';
export default class Good extends LightningElement {
  @api recordId?: string;
  greeting: string = 'Hello';
}
`;

const roots: string[] = [];

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-build-'));
  roots.push(root);
  const all: Record<string, string> = {
    'tsconfig.lwc-build.json': JSON.stringify({
      compilerOptions: {
        target: 'ESNext',
        module: 'ESNext',
        experimentalDecorators: false,
        useDefineForClassFields: true,
        strict: true
      },
      include: ['force-app/**/lwc/**/*.ts']
    }),
    ...files
  };
  for (const [file, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

function bundle(name: string, ts: string, html: string): Record<string, string> {
  const dir = `force-app/main/default/lwc/${name}`;
  return { [`${dir}/${name}.ts`]: ts, [`${dir}/${name}.html`]: html, [`${dir}/${name}.js-meta.xml`]: META };
}

function run(root: string, only: 'lwc' | 'core', ...args: string[]) {
  const result = spawnSync(process.execPath, [BUILD, '--only', only, '--root', root, ...args], {
    encoding: 'utf8'
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function build(root: string, ...args: string[]) {
  return run(root, 'lwc', ...args);
}

const CORE_USER = `import { LightningElement } from 'lwc';
import { dueLabel } from 'c/strideCore';
export default class CoreUser extends LightningElement {
  text = dueLabel(2);
}
`;

describe('scripts/build.mjs', () => {
  jest.setTimeout(60_000);

  it('compiles a component in place with its decorators, and fails on one the platform rejects', () => {
    const root = project({
      ...bundle('good', GOOD_TS, '<template><p>{greeting}</p></template>'),
      ...bundle('bad', GOOD_TS.replace('Good', 'Bad'), '<template><p>{greeting()}</p></template>')
    });

    const { status, output } = build(root);

    expect(status).toBe(1);
    expect(output).toContain('platform compile good: ok');
    expect(output).toContain('bad: Fatal LWC1535 bad.html:1:14');
    expect(output).toContain("Template expression doesn't allow CallExpression");
    const js = fs.readFileSync(path.join(root, 'force-app/main/default/lwc/good/good.js'), 'utf8');
    expect(js).toContain('    @api\n    recordId;');
    expect(js).not.toContain('__esDecorate');
  });

  it('fails when a .ts has no compiled .js', () => {
    const root = project(bundle('good', GOOD_TS, '<template><p>{greeting}</p></template>'));

    const { status, output } = build(root, '--verify');

    expect(status).toBe(1);
    expect(output).toContain(
      `bundles without compiled JavaScript:\n  ${path.join('force-app/main/default/lwc/good/good.ts')} has no compiled good.js`
    );
  });

  it('fails when a component imports a custom label the labels file lacks', () => {
    const ts = `import { LightningElement } from 'lwc';
import TITLE from '@salesforce/label/c.Stride_Missing_Title'; // Missing
export default class Labelled extends LightningElement {
  title = TITLE;
}
`;
    const root = project(bundle('labelled', ts, '<template><p>{title}</p></template>'));

    const { status, output } = build(root);

    expect(status).toBe(1);
    expect(output).toContain(
      'missing custom labels:\n  force-app/main/default/lwc/labelled/labelled.ts imports c.Stride_Missing_Title, which force-app/main/default/labels/CustomLabels.labels-meta.xml does not define'
    );
  });

  it('bundles only the core exports components import, and fails on one the core lacks', () => {
    const root = project({
      'src/core/index.ts':
        "export const dueLabel = (n: number): string => `due in ${n} days`;\nexport const unused = 'never bundled';\n",
      ...bundle('coreUser', CORE_USER, '<template><p>{text}</p></template>')
    });

    expect(run(root, 'core').status).toBe(0);
    const bundled = fs.readFileSync(
      path.join(root, 'force-app/main/default/lwc/strideCore/strideCore.js'),
      'utf8'
    );
    expect(bundled).toContain('due in');
    expect(bundled).not.toContain('never bundled');
    expect(
      fs.readFileSync(path.join(root, 'force-app/main/default/lwc/strideCore/strideCore.js-meta.xml'), 'utf8')
    ).toContain('<isExposed>false</isExposed>');

    fs.writeFileSync(path.join(root, 'src/core/index.ts'), 'export const other = 1;\n');
    const { status, output } = run(root, 'core');
    expect(status).toBe(1);
    expect(output).toContain('No matching export in "src/core/index.ts" for import "dueLabel"');
  });

  it("fails when the core bundle is over the platform's file limit", () => {
    const root = project({
      'src/core/index.ts': `export const big = ${JSON.stringify('x'.repeat(140_000))};\n`,
      ...bundle(
        'coreUser',
        CORE_USER.replace(/dueLabel\(2\)/, 'big').replace('{ dueLabel }', '{ big }'),
        '<template><p>{text}</p></template>'
      )
    });

    const { status, output } = run(root, 'core');

    expect(status).toBe(1);
    expect(output).toMatch(/strideCore\.js is 1400\d\d bytes, over the 131072-byte LWC source limit/);
  });
});
