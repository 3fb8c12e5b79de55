/**
 * The managed-package build of the real components: `scripts/build.mjs --namespace stride` on a copy
 * of force-app must compile every bundle, and leave no custom name un-prefixed where the platform
 * will not prefix it for us (GraphQL documents, record writes).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, visit } from 'graphql';

const repoRoot = path.resolve(__dirname, '../../..');
const LWC = 'force-app/main/default/lwc';
const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__[cr]$/;

let root: string;
let output: string;
let status: number | null;

/** The copy the build runs on: sources only (no compiled .js, no tests), with the repo's tools. */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-namespaced-'));
  const skip = (source: string): boolean =>
    source.includes(`${path.sep}__tests__`) ||
    (source.includes(`${path.sep}lwc${path.sep}`) && source.endsWith('.js'));
  for (const entry of [
    `${LWC}`,
    'force-app/main/default/labels',
    'src/core',
    'types',
    'package.json',
    'tsconfig.json',
    'tsconfig.lwc.json',
    'tsconfig.lwc-build.json'
  ]) {
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !skip(source)
    });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Every gql`…` document of a compiled file. */
function gqlDocuments(js: string): string[] {
  return [...js.matchAll(/gql\s*`([^`]*)`/g)].map((match) => match[1]);
}

/** Custom names of a GraphQL document that the namespaced build left without the prefix. */
function unprefixedNames(document: string): string[] {
  const missing: string[] = [];
  const check = (name: string): void => {
    if (CUSTOM_NAME.test(name) && !name.startsWith('stride__')) missing.push(name);
  };
  visit(parse(document), {
    [Kind.FIELD]: (node) => check(node.name.value),
    [Kind.OBJECT_FIELD]: (node) => check(node.name.value)
  });
  return missing;
}

const componentSources = (): string[] =>
  fs
    .readdirSync(path.join(repoRoot, LWC), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== '__tests__')
    .map((entry) => entry.name);

beforeAll(() => {
  root = copyProject();
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'scripts/build.mjs'), '--root', root, '--namespace', 'stride'],
    {
      encoding: 'utf8'
    }
  );
  status = result.status;
  output = `${result.stdout}${result.stderr}`;
}, 240_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('scripts/build.mjs --namespace stride on every component', () => {
  it('compiles every bundle and passes the platform compiler', () => {
    expect(status).toBe(0);
    for (const name of componentSources()) expect(output).toContain(`platform compile ${name}: ok`);
  });

  it('prefixes every custom name in every GraphQL document, aliasing selections back', () => {
    const documents = componentSources().flatMap((name) =>
      fs
        .readdirSync(path.join(root, LWC, name))
        .filter((file) => file.endsWith('.js'))
        .flatMap((file) => gqlDocuments(fs.readFileSync(path.join(root, LWC, name, file), 'utf8')))
    );
    expect(documents.length).toBeGreaterThanOrEqual(3);
    for (const document of documents) expect(unprefixedNames(document)).toEqual([]);
    expect(documents.join('\n')).toContain('Status__c: stride__Status__c');
  });

  it('writes records only through schema imports, which the platform namespaces', () => {
    for (const name of componentSources()) {
      for (const file of fs.readdirSync(path.join(root, LWC, name)).filter((f) => f.endsWith('.js'))) {
        const js = fs.readFileSync(path.join(root, LWC, name, file), 'utf8');
        expect({
          file,
          bareWrites: js.match(/(?:createRecord|updateRecord)\(\{[^;]*?\b\w+__c\s*:/g) ?? []
        }).toEqual({
          file,
          bareWrites: []
        });
      }
    }
  });
});
