import fc from 'fast-check';
import {
  evaluateCriteriaLogic,
  joinConditions,
  type LogicNode,
  parseCriteriaLogic,
  printCriteriaLogic
} from '../logic';

const ref = (index: number): LogicNode => ({ kind: 'ref', index });
const and = (left: LogicNode, right: LogicNode): LogicNode => ({ kind: 'and', left, right });
const or = (left: LogicNode, right: LogicNode): LogicNode => ({ kind: 'or', left, right });
const not = (operand: LogicNode): LogicNode => ({ kind: 'not', operand });

describe('parseCriteriaLogic', () => {
  it.each<[string, LogicNode]>([
    ['1', ref(1)],
    ['1 AND 2', and(ref(1), ref(2))],
    ['1 and 2 or 3', or(and(ref(1), ref(2)), ref(3))], // AND binds tighter than OR
    ['1 OR 2 AND 3', or(ref(1), and(ref(2), ref(3)))],
    ['1 AND (2 OR NOT 3)', and(ref(1), or(ref(2), not(ref(3))))],
    ['NOT 1 AND 2', and(not(ref(1)), ref(2))], // NOT binds tighter than AND
    ['NOT (1 AND 2)', not(and(ref(1), ref(2)))],
    ['not not 1', not(not(ref(1)))],
    ['1 AND 2 AND 3', and(and(ref(1), ref(2)), ref(3))], // left-associative
    ['1 AND (2 AND 3)', and(ref(1), and(ref(2), ref(3)))],
    ['((1))', ref(1)],
    ['  1\tOR\n2  ', or(ref(1), ref(2))],
    ['1AND(2)', and(ref(1), ref(2))],
    ['1AND2 OR3', or(and(ref(1), ref(2)), ref(3))],
    ['01 OR 2', or(ref(1), ref(2))]
  ])('parses %j', (expression, tree) => {
    expect(parseCriteriaLogic(expression)).toEqual({ ok: true, value: tree });
  });

  it.each<[string, number | undefined, string, string, number | undefined]>([
    ['', 3, 'BAD_CRITERIA_LOGIC', 'The custom logic is empty; enter an expression such as 1 AND (2 OR 3)', 1],
    [
      '   ',
      undefined,
      'BAD_CRITERIA_LOGIC',
      'The custom logic is empty; enter an expression such as 1 AND (2 OR 3)',
      1
    ],
    [
      '1 AND (2 OR 3',
      3,
      'BAD_CRITERIA_LOGIC',
      'Missing ")" to close the "(" at position 7; found the end of the logic (position 14)',
      14
    ],
    [
      '(1 AND 2 3',
      3,
      'BAD_CRITERIA_LOGIC',
      'Missing ")" to close the "(" at position 1; found "3" (position 10)',
      10
    ],
    ['1 AND 2)', 2, 'BAD_CRITERIA_LOGIC', '")" has no matching "(" (position 8)', 8],
    [
      '1 AND AND 2',
      2,
      'BAD_CRITERIA_LOGIC',
      'Expected a condition number or "(" but found "AND" (position 7)',
      7
    ],
    [
      '1 AND',
      1,
      'BAD_CRITERIA_LOGIC',
      'Expected a condition number or "(" but found the end of the logic (position 6)',
      6
    ],
    ['()', 1, 'BAD_CRITERIA_LOGIC', 'Expected a condition number or "(" but found ")" (position 2)', 2],
    [
      'NOT',
      1,
      'BAD_CRITERIA_LOGIC',
      'Expected a condition number or "(" but found the end of the logic (position 4)',
      4
    ],
    ['1 2', 2, 'BAD_CRITERIA_LOGIC', 'Expected AND or OR before "2" (position 3)', 3],
    ['1 NOT 2', 2, 'BAD_CRITERIA_LOGIC', 'Expected AND or OR before "NOT" (position 3)', 3],
    [
      '1 & 2',
      2,
      'BAD_CRITERIA_LOGIC',
      '"&" is not allowed in criteria logic; use condition numbers, AND, OR, NOT and parentheses (position 3)',
      3
    ],
    ['1 ANDD 2', 2, 'BAD_CRITERIA_LOGIC', '"ANDD" is not AND, OR, NOT or a condition number (position 3)', 3],
    [
      '1 AND 😀',
      1,
      'BAD_CRITERIA_LOGIC',
      '"😀" is not allowed in criteria logic; use condition numbers, AND, OR, NOT and parentheses (position 7)',
      7
    ],
    [
      '1 AND (2 OR 4)',
      3,
      'UNDEFINED_CONDITION',
      'Condition 4 is used in the logic but not defined (position 13)',
      13
    ],
    ['0 OR 1', 1, 'UNDEFINED_CONDITION', 'Condition 0 is used in the logic but not defined (position 1)', 1],
    ['1 AND 2', 3, 'UNUSED_CONDITION', 'Condition 3 is defined but not used in the logic', undefined],
    ['2', 3, 'UNUSED_CONDITION', 'Conditions 1, 3 are defined but not used in the logic', undefined]
  ])('rejects %j (with %s conditions)', (expression, count, code, message, position) => {
    const result = parseCriteriaLogic(expression, count);
    const expected: Record<string, unknown> = { code, message, path: 'expression' };
    if (position !== undefined) expected.position = position;
    expect(result).toEqual({ ok: false, error: expected });
  });

  it('accepts a number used twice', () => {
    expect(parseCriteriaLogic('1 OR (1 AND 2)', 2)).toEqual({
      ok: true,
      value: or(ref(1), and(ref(1), ref(2)))
    });
  });
});

describe('parseCriteriaLogic on logic as long as the criteria field allows (32,768 characters)', () => {
  it('returns an error value for parentheses nested thousands deep instead of overflowing the stack', () => {
    const expression = `${'('.repeat(16_000)}1${')'.repeat(16_000)}`;
    expect(parseCriteriaLogic(expression, 1)).toEqual({
      ok: false,
      error: {
        code: 'BAD_CRITERIA_LOGIC',
        message: 'The logic nests more than 64 levels of parentheses and NOT; simplify it (position 65)',
        path: 'expression',
        position: 65
      }
    });
  });

  it('limits NOT chains the same way', () => {
    const result = parseCriteriaLogic(`${'NOT '.repeat(8_000)}1`, 1);
    expect(result.ok ? null : result.error.position).toBe(257);
  });

  it('accepts 64 levels', () => {
    expect(parseCriteriaLogic(`${'('.repeat(64)}1${')'.repeat(64)}`, 1)).toEqual({ ok: true, value: ref(1) });
  });

  it('refuses more than 500 condition numbers (an AND chain evaluates as deep as it is long)', () => {
    const result = parseCriteriaLogic(Array(5_000).fill('1').join(' AND '), 1);
    expect(result.ok ? null : result.error.message).toBe(
      'The logic names more than 500 condition numbers; simplify it (position 3001)'
    );
  });
});

describe('printCriteriaLogic', () => {
  it.each<[LogicNode, string]>([
    [ref(7), '7'],
    [and(and(ref(1), ref(2)), ref(3)), '1 AND 2 AND 3'],
    [and(ref(1), and(ref(2), ref(3))), '1 AND (2 AND 3)'],
    [or(ref(1), and(ref(2), not(ref(3)))), '1 OR (2 AND NOT 3)'],
    [and(or(ref(1), ref(2)), ref(3)), '(1 OR 2) AND 3'],
    [not(or(ref(1), ref(2))), 'NOT (1 OR 2)'],
    [not(not(ref(1))), 'NOT NOT 1']
  ])('prints %j as %j', (tree, text) => {
    expect(printCriteriaLogic(tree)).toBe(text);
  });
});

describe('evaluateCriteriaLogic', () => {
  it.each<[string, boolean[], boolean]>([
    ['1 AND (2 OR NOT 3)', [true, false, false], true],
    ['1 AND (2 OR NOT 3)', [true, false, true], false],
    ['1 AND (2 OR NOT 3)', [false, true, true], false],
    ['1 OR 2 AND 3', [false, true, false], false],
    ['1 OR 2 AND 3', [true, false, false], true],
    ['NOT 1', [false], true],
    ['1 OR 5', [false], false] // a number without a result counts as false
  ])('%s with %j is %s', (expression, results, expected) => {
    const tree = parseCriteriaLogic(expression);
    expect(tree.ok && evaluateCriteriaLogic(tree.value, results)).toBe(expected);
  });
});

describe('joinConditions', () => {
  it.each<['AND' | 'OR', number, string | null]>([
    ['AND', 0, null],
    ['AND', 1, '1'],
    ['AND', 3, '1 AND 2 AND 3'],
    ['OR', 2, '1 OR 2']
  ])('%s over %d conditions prints %j', (kind, count, text) => {
    const tree = joinConditions(kind, count);
    expect(tree === null ? null : printCriteriaLogic(tree)).toBe(text);
  });
});

/** Random logic trees over conditions 1 … 6. */
const treeArbitrary: fc.Arbitrary<LogicNode> = fc.letrec<{ node: LogicNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 1, max: 6 }).map(ref),
    tie('node').map(not),
    fc.tuple(tie('node'), tie('node')).map(([l, r]) => and(l, r)),
    fc.tuple(tie('node'), tie('node')).map(([l, r]) => or(l, r))
  )
})).node;

/** Writes a tree as an admin might: any case, extra spaces and redundant parentheses. */
function scribble(node: LogicNode, style: { lower: boolean; wrap: boolean; space: string }): string {
  const kw = (word: string): string => (style.lower ? word.toLowerCase() : word);
  const wrap = (text: string): string => (style.wrap ? `(${style.space}${text}${style.space})` : `(${text})`);
  switch (node.kind) {
    case 'ref':
      return style.wrap ? `(${node.index})` : String(node.index);
    case 'not':
      return `${kw('NOT')} ${wrap(scribble(node.operand, style))}`;
    default:
      return `${wrap(scribble(node.left, style))}${style.space}${kw(node.kind.toUpperCase())}${style.space}${wrap(scribble(node.right, style))}`;
  }
}

describe('properties', () => {
  it('parse(print(tree)) gives back the tree', () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        expect(parseCriteriaLogic(printCriteriaLogic(tree))).toEqual({ ok: true, value: tree });
      })
    );
  });

  it('parse → print → parse is stable for expressions written in any style', () => {
    const style = fc.record({
      lower: fc.boolean(),
      wrap: fc.boolean(),
      space: fc.constantFrom(' ', '  ', '\t')
    });
    fc.assert(
      fc.property(treeArbitrary, style, (tree, s) => {
        const first = parseCriteriaLogic(scribble(tree, s));
        expect(first).toEqual({ ok: true, value: tree });
        const printed = printCriteriaLogic(tree);
        const second = parseCriteriaLogic(printed);
        expect(second.ok && printCriteriaLogic(second.value)).toBe(printed);
      })
    );
  });

  it('NOT (a AND b) evaluates as NOT a OR NOT b (De Morgan)', () => {
    fc.assert(
      fc.property(
        treeArbitrary,
        treeArbitrary,
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (a, b, results) => {
          expect(evaluateCriteriaLogic(not(and(a, b)), results)).toBe(
            evaluateCriteriaLogic(or(not(a), not(b)), results)
          );
        }
      )
    );
  });

  it('never throws on arbitrary text, and errors carry a position inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('1', '2', ' ', '(', ')', 'A', 'N', 'D', 'O', 'R', 'T', '&', 'x') }),
        (text) => {
          const result = parseCriteriaLogic(text, 2);
          if (!result.ok && result.error.position !== undefined) {
            expect(result.error.position).toBeGreaterThanOrEqual(1);
            expect(result.error.position).toBeLessThanOrEqual(text.length + 1);
          }
        }
      )
    );
  });
});
