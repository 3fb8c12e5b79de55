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
    expect(output).toMatch(/strideCore\.js is 140\d{3} bytes, over the 131072-byte LWC source limit/);
  });
});

const QUEUE_TS = `import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getRecord } from 'lightning/uiRecordApi';

const FIELDS = ['Participant_Action__c.Status__c', 'Participant_Action__c.Participant__r.Name', 'User.Email'];

export default class Queue extends LightningElement {
  @api recordId?: string;
  status: string = '';
  field: string = 'Status__c';

  @wire(graphql, {
    query: gql\`
      query queue($userId: ID) {
        uiapi {
          query {
            Participant_Action__c(
              where: { and: [{ Assigned_To__c: { eq: $userId } }, { Participant__r: { Status__c: { eq: "Active" } } }] }
              orderBy: { Due_At__c: { order: ASC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Status__c { value }
                  due: Due_At__c { value }
                  stride__Reason__c { value }
                  Owner { Email { value } }
                  Participant__r { Lead__r { Name { value } } }
                }
              }
            }
          }
        }
      }
    \`,
    variables: { userId: '005000000000001' }
  })
  wiredQueue({ data }: { data?: { uiapi: { query: { Participant_Action__c: { edges: Array<{ node: { Status__c: { value: string } } }> } } } } }) {
    this.status = data?.uiapi.query.Participant_Action__c.edges[0]?.node.Status__c.value ?? '';
  }

  @wire(getRecord, { recordId: '$recordId', fields: FIELDS, optionalFields: ['stride__Sequence__c.stride__Active__c', 'Lead.Email'] })
  record?: unknown;
}
`;

/** The document above as the namespaced build must emit it. */
const QUEUE_GQL_NAMESPACED = `
      query queue($userId: ID) {
        uiapi {
          query {
            Participant_Action__c: stride__Participant_Action__c(
              where: { and: [{ stride__Assigned_To__c: { eq: $userId } }, { stride__Participant__r: { stride__Status__c: { eq: "Active" } } }] }
              orderBy: { stride__Due_At__c: { order: ASC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Status__c: stride__Status__c { value }
                  due: stride__Due_At__c { value }
                  stride__Reason__c { value }
                  Owner { Email { value } }
                  Participant__r: stride__Participant__r { Lead__r: stride__Lead__r { Name { value } } }
                }
              }
            }
          }
        }
      }
    `;

/** The gql document of a compiled component (the text between gql` and its closing backtick). */
function gqlDocument(js: string): string {
  const match = /gql\s*`([^`]*)`/.exec(js);
  if (!match) throw new Error(`no gql document in:\n${js}`);
  return match[1];
}

describe('scripts/build.mjs --namespace', () => {
  jest.setTimeout(60_000);
  const queueJs = 'force-app/main/default/lwc/queue/queue.js';

  it('prefixes custom names in gql documents and field-path strings, aliasing selections back', () => {
    const root = project(bundle('queue', QUEUE_TS, '<template><p>{status}</p></template>'));

    const { status, output } = build(root, '--namespace', 'stride');

    expect(output).toContain('lwc: compiled 1 TypeScript file(s) in 1 bundle(s) (namespace stride)');
    expect(output).toContain('platform compile queue: ok');
    expect(status).toBe(0);
    const js = fs.readFileSync(path.join(root, queueJs), 'utf8');
    expect(gqlDocument(js)).toBe(QUEUE_GQL_NAMESPACED);
    expect(js).toContain(
      "const FIELDS = ['stride__Participant_Action__c.stride__Status__c', 'stride__Participant_Action__c.stride__Participant__r.Name', 'User.Email'];"
    );
    expect(js).toContain("optionalFields: ['stride__Sequence__c.stride__Active__c', 'Lead.Email']");
    // Result reads and the component's own keys keep the source names (the aliases make them valid).
    expect(js).toContain('edges[0]?.node.Status__c.value');
    expect(js).toContain("field = 'Status__c';");
  });

  it('leaves the default build exactly as without the option, also after a namespaced build', () => {
    const root = project(bundle('queue', QUEUE_TS, '<template><p>{status}</p></template>'));

    expect(build(root).status).toBe(0);
    const plain = fs.readFileSync(path.join(root, queueJs), 'utf8');
    expect(build(root, '--namespace', 'stride').status).toBe(0);
    expect(fs.readFileSync(path.join(root, queueJs), 'utf8')).not.toBe(plain);
    expect(build(root).status).toBe(0);

    expect(fs.readFileSync(path.join(root, queueJs), 'utf8')).toBe(plain);
    expect(gqlDocument(plain)).toBe(QUEUE_TS.split('gql`')[1].split('`')[0]);
    expect(plain).toContain(
      "const FIELDS = ['Participant_Action__c.Status__c', 'Participant_Action__c.Participant__r.Name', 'User.Email'];"
    );
  });

  it('rejects a namespace that is not a Salesforce prefix', () => {
    const root = project(bundle('queue', QUEUE_TS, '<template><p>{status}</p></template>'));

    const { status, output } = build(root, '--namespace', 'stride__x');

    expect(status).toBe(1);
    expect(output).toContain(
      'build failed: --namespace takes a namespace prefix (1-15 letters and digits, starting with a letter), got "stride__x"'
    );
  });
});
