/**
 * Build check: the picklist values in the components' GraphQL documents agree with the core.
 *
 * A component's `gql` document must be a static template for the wire adapter, so it cannot
 * interpolate the core's constants; this check stands in for that. It parses every `gql` document
 * of `force-app/main/default/lwc` with graphql-js and, in each `where` filter, follows the object
 * (and its lookups, `Participant__r`) to the field, then fails when
 * - a value compared with a restricted picklist (`eq`, `ne`, `in`, `nin`) is not one of the
 *   field's values in the object metadata (which equal `src/core/constants.ts`:
 *   scripts/__tests__/picklists.test.ts), or
 * - a list of statuses (`in`, `nin`) is not exactly one of the core's named sets for that field
 *   (`src/core/lifecycle/states.ts`, `src/core/constants.ts`), so a set changed in the core cannot
 *   silently diverge from a document that copied it.
 * It also fails on a `gql` template with a `${}` (the wire adapter needs a static document) and on a
 * document graphql-js cannot parse. Each problem names the file, the line and the literal.
 *
 * Run by `npm test` (scripts/__tests__/graphql-picklists.test.ts); on its own:
 * `npx tsx scripts/check-graphql-picklists.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, visit, type ObjectValueNode, type ValueNode } from 'graphql';
import ts from 'typescript';
import * as constants from '../src/core/constants';
import * as states from '../src/core/lifecycle/states';
import { readObjects, type ObjectModel } from './metadata/source-model';

const ROOT = path.resolve(__dirname, '..');
const SOURCE_DIR = path.join(ROOT, 'force-app/main/default');

/** The core's named sets per field: a list literal on one of these fields must equal one of them. */
export const NAMED_SETS: Record<string, Record<string, readonly string[]>> = {
  'Sequence_Participant__c.Status__c': {
    PARTICIPANT_STATUSES: constants.PARTICIPANT_STATUSES,
    OPEN_PARTICIPANT_STATUSES: states.OPEN_PARTICIPANT_STATUSES,
    ADMITTED_PARTICIPANT_STATUSES: states.ADMITTED_PARTICIPANT_STATUSES,
    ENDED_PARTICIPANT_STATUSES: states.ENDED_PARTICIPANT_STATUSES
  },
  'Sequence_Participant__c.Requested_Status__c': {
    PARTICIPANT_STATUSES: constants.PARTICIPANT_STATUSES
  },
  'Participant_Action__c.Status__c': {
    PARTICIPANT_ACTION_STATUSES: constants.PARTICIPANT_ACTION_STATUSES,
    OPEN_ACTION_STATUSES: states.OPEN_ACTION_STATUSES,
    CHAIN_ACTION_STATUSES: states.CHAIN_ACTION_STATUSES,
    DUE_ACTION_STATUSES: states.DUE_ACTION_STATUSES,
    ENGAGE_ACTION_STATUSES: states.ENGAGE_ACTION_STATUSES,
    UNCLAIMED_OPEN_ACTION_STATUSES: states.UNCLAIMED_OPEN_ACTION_STATUSES,
    UNCLAIMED_CHAIN_ACTION_STATUSES: states.UNCLAIMED_CHAIN_ACTION_STATUSES
  },
  'Participant_Action__c.Requested_Outcome__c': {
    REQUESTED_OUTCOMES: constants.REQUESTED_OUTCOMES,
    LIFECYCLE_REQUESTED_OUTCOMES: constants.LIFECYCLE_REQUESTED_OUTCOMES
  },
  'Conversation__c.Status__c': {
    CONVERSATION_STATUSES: constants.CONVERSATION_STATUSES,
    BOUNCEABLE_CONVERSATION_STATUSES: constants.BOUNCEABLE_CONVERSATION_STATUSES,
    PROVISIONAL_CONVERSATION_STATUSES: constants.PROVISIONAL_CONVERSATION_STATUSES
  }
};

export interface GraphqlProblem {
  /** Relative to the repository root. */
  file: string;
  line: number;
  message: string;
}

/** One `gql` document of a source file, with the line its template starts on. */
interface GqlDocument {
  text: string;
  line: number;
}

const FILTER_OPERATORS = new Set([
  'eq',
  'ne',
  'in',
  'nin',
  'lt',
  'lte',
  'gt',
  'gte',
  'like',
  'includes',
  'excludes'
]);

/** The `gql` tagged templates of a TypeScript source; a template with `${}` is a problem itself. */
function gqlDocuments(file: string, text: string, problems: GraphqlProblem[]): GqlDocument[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const documents: GqlDocument[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const walk = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'gql') {
      if (ts.isNoSubstitutionTemplateLiteral(node.template))
        documents.push({ text: node.template.text, line: lineOf(node.template) });
      else
        problems.push({
          file,
          line: lineOf(node),
          message:
            'a gql document must be a static template (no ${}): the wire adapter cannot take it otherwise'
        });
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return documents;
}

/** The string values of a literal (`"Due"`, an enum `Due`, or a list of them); variables give none. */
function literalValues(value: ValueNode): string[] | null {
  if (value.kind === Kind.STRING || value.kind === Kind.ENUM) return [value.value];
  if (value.kind === Kind.LIST) {
    const items = value.values.map(literalValues);
    return items.every((v) => v !== null) ? items.flat() : null;
  }
  return null;
}

const isFieldFilter = (value: ObjectValueNode) =>
  value.fields.length > 0 && value.fields.every((f) => FILTER_OPERATORS.has(f.name.value));

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The problems of one GraphQL document. `objects` is the package's object metadata; a filter on an
 * object or field it does not define (a standard object) is not checked.
 */
export function checkDocument(
  file: string,
  document: GqlDocument,
  objects: Map<string, ObjectModel>
): GraphqlProblem[] {
  const problems: GraphqlProblem[] = [];
  let ast;
  try {
    ast = parse(document.text);
  } catch (error) {
    const line =
      document.line + ((error as { locations?: Array<{ line: number }> }).locations?.[0]?.line ?? 1) - 1;
    problems.push({ file, line, message: `the gql document does not parse: ${(error as Error).message}` });
    return problems;
  }
  const lineOf = (node: { loc?: { startToken: { line: number } } }) =>
    document.line + (node.loc?.startToken.line ?? 1) - 1;

  const checkField = (object: ObjectModel, field: string, filter: ObjectValueNode) => {
    const model = object.fields.get(field);
    if (!model?.restrictedValues) return;
    const key = `${object.name}.${field}`;
    for (const operator of filter.fields) {
      const values = literalValues(operator.value);
      if (values === null) continue;
      const literal = `${key} ${operator.name.value} ${JSON.stringify(values.length === 1 && operator.value.kind !== Kind.LIST ? values[0] : values)}`;
      const unknown = values.filter((v) => !model.restrictedValues!.includes(v));
      if (unknown.length > 0) {
        problems.push({
          file,
          line: lineOf(operator),
          message: `${literal}: ${unknown.map((v) => JSON.stringify(v)).join(', ')} is not a value of the picklist (${model.restrictedValues!.join(', ')})`
        });
        continue;
      }
      const sets = NAMED_SETS[key];
      if (
        operator.value.kind === Kind.LIST &&
        sets &&
        !Object.values(sets).some((set) => same(set, values))
      ) {
        const known = Object.entries(sets)
          .map(([name, set]) => `${name} [${set.join(', ')}]`)
          .join('; ');
        problems.push({
          file,
          line: lineOf(operator),
          message: `${literal} is not one of the core's sets for ${key}: ${known} (add the set to src/core and NAMED_SETS, or use one of these)`
        });
      }
    }
  };

  const checkFilter = (objectName: string, filter: ObjectValueNode) => {
    const object = objects.get(objectName);
    if (!object) return;
    for (const entry of filter.fields) {
      const name = entry.name.value;
      const value = entry.value;
      if (name === 'and' || name === 'or') {
        if (value.kind === Kind.LIST)
          for (const item of value.values) if (item.kind === Kind.OBJECT) checkFilter(objectName, item);
      } else if (name === 'not') {
        if (value.kind === Kind.OBJECT) checkFilter(objectName, value);
      } else if (value.kind === Kind.OBJECT && isFieldFilter(value)) {
        checkField(object, name, value);
      } else if (value.kind === Kind.OBJECT && name.endsWith('__r')) {
        const lookup = object.fields.get(name.replace(/__r$/, '__c'));
        if (lookup?.referenceTo) checkFilter(lookup.referenceTo, value);
      }
    }
  };

  visit(ast, {
    Field(node) {
      const where = node.arguments?.find((a) => a.name.value === 'where');
      if (where?.value.kind === Kind.OBJECT) checkFilter(node.name.value, where.value);
    }
  });
  return problems;
}

/** The components' TypeScript sources (tests excluded). */
function componentSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : componentSources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every problem of every GraphQL document in the components, and how many documents were read. */
export function checkComponents(sourceDir = SOURCE_DIR): { documents: number; problems: GraphqlProblem[] } {
  const objects = readObjects(sourceDir);
  const problems: GraphqlProblem[] = [];
  let documents = 0;
  for (const full of componentSources(path.join(sourceDir, 'lwc'))) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    for (const document of gqlDocuments(file, readFileSync(full, 'utf8'), problems)) {
      documents++;
      problems.push(...checkDocument(file, document, objects));
    }
  }
  return { documents, problems };
}

/** The same check on one source text (for the tests). */
export function checkSource(file: string, text: string, sourceDir = SOURCE_DIR): GraphqlProblem[] {
  const objects = readObjects(sourceDir);
  const problems: GraphqlProblem[] = [];
  for (const document of gqlDocuments(file, text, problems))
    problems.push(...checkDocument(file, document, objects));
  return problems;
}

if (require.main === module) {
  const { documents, problems } = checkComponents();
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  console.log(`graphql picklists: ${documents} documents, ${problems.length} problem(s)`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
