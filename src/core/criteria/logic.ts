/**
 * Custom criteria logic such as `1 AND (2 OR NOT 3)`: a tokenizer and a recursive-descent parser
 * that report errors with a 1-based position an admin can find, a printer, and an evaluator.
 *
 * Grammar (NOT binds tighter than AND, AND tighter than OR; keywords ignore case):
 *
 *     or      := and ( "OR" and )*
 *     and     := not ( "AND" not )*
 *     not     := "NOT" not | primary
 *     primary := NUMBER | "(" or ")"
 */
import { type CoreError, fail, ok, type Result } from '../result';

/** A parsed logic expression. `ref` names a condition by its 1-based number. */
export type LogicNode =
  | { kind: 'ref'; index: number }
  | { kind: 'not'; operand: LogicNode }
  | { kind: 'and'; left: LogicNode; right: LogicNode }
  | { kind: 'or'; left: LogicNode; right: LogicNode };

type TokenKind = 'number' | 'and' | 'or' | 'not' | 'open' | 'close' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based column of the token's first character. */
  position: number;
}

const KEYWORDS: Readonly<Record<string, TokenKind>> = { AND: 'and', OR: 'or', NOT: 'not' };

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the logic' : `"${token.text}"`;
}

function logicError(message: string, position: number): { ok: false; error: CoreError } {
  return fail('BAD_CRITERIA_LOGIC', `${message} (position ${position})`, 'expression', position);
}

function tokenize(expression: string): Result<Token[]> {
  const tokens: Token[] = [];
  const pattern = /\s+|\d+|[A-Za-z_]+|[()]|./guy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(expression)) !== null) {
    const text = match[0];
    const position = match.index + 1;
    if (/^\s/.test(text)) continue;
    if (/^\d/.test(text)) tokens.push({ kind: 'number', text, position });
    else if (text === '(') tokens.push({ kind: 'open', text, position });
    else if (text === ')') tokens.push({ kind: 'close', text, position });
    else if (/^[A-Za-z_]/.test(text)) {
      const kind = KEYWORDS[text.toUpperCase()];
      if (kind === undefined) {
        return logicError(`"${text}" is not AND, OR, NOT or a condition number`, position);
      }
      tokens.push({ kind, text, position });
    } else {
      return logicError(
        `"${text}" is not allowed in criteria logic; use condition numbers, AND, OR, NOT and parentheses`,
        position
      );
    }
  }
  tokens.push({ kind: 'end', text: '', position: expression.length + 1 });
  return ok(tokens);
}

/**
 * How deep parentheses and NOT may nest. The criteria field holds 32,768 characters, enough for
 * thousands of levels; recursion that deep would overflow the stack, and no admin writes more than a
 * handful, so deeper logic is an error value with the position where the limit was passed.
 */
export const MAX_LOGIC_DEPTH = 64;
/** How many condition numbers the logic may name; chains of AND/OR also nest when evaluated. */
export const MAX_LOGIC_TERMS = 500;

/** Recursive descent over the token list; the first error stops the parse. */
class Parser {
  private index = 0;
  private depth = 0;
  private terms = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  parseAll(): Result<LogicNode> {
    const tree = this.parseOr();
    if (!tree.ok) return tree;
    const next = this.peek();
    if (next.kind === 'close') return logicError('")" has no matching "("', next.position);
    if (next.kind !== 'end')
      return logicError(`Expected AND or OR before ${describeToken(next)}`, next.position);
    return tree;
  }

  private parseBinary(kind: 'and' | 'or', parseOperand: () => Result<LogicNode>): Result<LogicNode> {
    let left = parseOperand();
    if (!left.ok) return left;
    while (this.peek().kind === kind) {
      this.index++;
      const right = parseOperand();
      if (!right.ok) return right;
      left = ok({ kind, left: left.value, right: right.value });
    }
    return left;
  }

  private parseOr(): Result<LogicNode> {
    return this.parseBinary('or', () => this.parseAnd());
  }

  private parseAnd(): Result<LogicNode> {
    return this.parseBinary('and', () => this.parseNot());
  }

  /** Runs `parse` one nesting level deeper, refusing to go past {@link MAX_LOGIC_DEPTH}. */
  private nested(token: Token, parse: () => Result<LogicNode>): Result<LogicNode> {
    if (this.depth >= MAX_LOGIC_DEPTH)
      return logicError(
        `The logic nests more than ${MAX_LOGIC_DEPTH} levels of parentheses and NOT; simplify it`,
        token.position
      );
    this.depth++;
    const result = parse();
    this.depth--;
    return result;
  }

  private parseNot(): Result<LogicNode> {
    const token = this.peek();
    if (token.kind !== 'not') return this.parsePrimary();
    this.index++;
    const operand = this.nested(token, () => this.parseNot());
    return operand.ok ? ok({ kind: 'not', operand: operand.value }) : operand;
  }

  private parsePrimary(): Result<LogicNode> {
    const token = this.peek();
    if (token.kind === 'number') {
      if (++this.terms > MAX_LOGIC_TERMS)
        return logicError(
          `The logic names more than ${MAX_LOGIC_TERMS} condition numbers; simplify it`,
          token.position
        );
      this.index++;
      return ok({ kind: 'ref', index: Number(token.text) });
    }
    if (token.kind === 'open') {
      this.index++;
      const inner = this.nested(token, () => this.parseOr());
      if (!inner.ok) return inner;
      const close = this.peek();
      if (close.kind !== 'close') {
        return logicError(
          `Missing ")" to close the "(" at position ${token.position}; found ${describeToken(close)}`,
          close.position
        );
      }
      this.index++;
      return inner;
    }
    return logicError(`Expected a condition number or "(" but found ${describeToken(token)}`, token.position);
  }
}

function collectRefs(node: LogicNode, into: Array<{ index: number }>): void {
  switch (node.kind) {
    case 'ref':
      into.push(node);
      return;
    case 'not':
      collectRefs(node.operand, into);
      return;
    default:
      collectRefs(node.left, into);
      collectRefs(node.right, into);
  }
}

/** Finds the 1-based position of each condition number in the expression, in order of appearance. */
function numberPositions(expression: string): number[] {
  return [...expression.matchAll(/\d+/g)].map((m) => (m.index as number) + 1);
}

/**
 * Parses custom criteria logic. With `conditionCount`, also checks that every number names a
 * condition (1 … conditionCount) and that every condition is used.
 *
 * Error codes: `BAD_CRITERIA_LOGIC` (syntax, with `position`), `UNDEFINED_CONDITION` (with
 * `position`), `UNUSED_CONDITION`.
 *
 * @param expression - the custom logic as the admin typed it
 * @param conditionCount - how many conditions exist (omit to check syntax only)
 * @returns the logic tree, or the first problem with its position
 *
 * @example
 * parseCriteriaLogic('1 AND (2 OR NOT 3)', 3)
 * //=> { ok: true, value: { kind: 'and', left: { kind: 'ref', index: 1 }, right: { kind: 'or', … } } }
 * parseCriteriaLogic('1 AND (2 OR 4)', 3)
 * //=> { ok: false, error: { code: 'UNDEFINED_CONDITION', message: 'Condition 4 is used in the logic but not defined (position 13)', path: 'expression', position: 13 } }
 */
export function parseCriteriaLogic(expression: string, conditionCount?: number): Result<LogicNode> {
  if (expression.trim() === '') {
    return fail(
      'BAD_CRITERIA_LOGIC',
      'The custom logic is empty; enter an expression such as 1 AND (2 OR 3)',
      'expression',
      1
    );
  }
  const tokens = tokenize(expression);
  if (!tokens.ok) return tokens;
  const tree = new Parser(tokens.value).parseAll();
  if (!tree.ok || conditionCount === undefined) return tree;

  const refs: Array<{ index: number }> = [];
  collectRefs(tree.value, refs);
  const positions = numberPositions(expression);
  const undefinedAt = refs.findIndex((r) => r.index < 1 || r.index > conditionCount);
  if (undefinedAt >= 0) {
    const position = positions[undefinedAt];
    return fail(
      'UNDEFINED_CONDITION',
      `Condition ${refs[undefinedAt].index} is used in the logic but not defined (position ${position})`,
      'expression',
      position
    );
  }
  const used = new Set(refs.map((r) => r.index));
  const unused: number[] = [];
  for (let i = 1; i <= conditionCount; i++) if (!used.has(i)) unused.push(i);
  if (unused.length > 0) {
    const list = unused.join(', ');
    return fail(
      'UNUSED_CONDITION',
      unused.length === 1
        ? `Condition ${list} is defined but not used in the logic`
        : `Conditions ${list} are defined but not used in the logic`,
      'expression'
    );
  }
  return tree;
}

function printOperand(child: LogicNode, parent: 'and' | 'or', side: 'left' | 'right'): string {
  const text = printCriteriaLogic(child);
  if (child.kind !== 'and' && child.kind !== 'or') return text;
  // Same operator on the left reads naturally without parentheses; anything else keeps them so the
  // printed text parses back to the same tree and mixed AND/OR is never ambiguous to a reader.
  return child.kind === parent && side === 'left' ? text : `(${text})`;
}

/**
 * Prints a logic tree in canonical form: upper-case keywords, single spaces, and parentheses
 * wherever AND and OR mix.
 *
 * @param node - a logic tree
 * @returns the canonical text
 *
 * @example
 * printCriteriaLogic({ kind: 'or', left: { kind: 'ref', index: 1 }, right: { kind: 'and', left: { kind: 'ref', index: 2 }, right: { kind: 'not', operand: { kind: 'ref', index: 3 } } } })
 * //=> '1 OR (2 AND NOT 3)'
 */
export function printCriteriaLogic(node: LogicNode): string {
  switch (node.kind) {
    case 'ref':
      return String(node.index);
    case 'not':
      return node.operand.kind === 'and' || node.operand.kind === 'or'
        ? `NOT (${printCriteriaLogic(node.operand)})`
        : `NOT ${printCriteriaLogic(node.operand)}`;
    default:
      return `${printOperand(node.left, node.kind, 'left')} ${node.kind.toUpperCase()} ${printOperand(node.right, node.kind, 'right')}`;
  }
}

/**
 * Evaluates a logic tree given each condition's result (`results[0]` is condition 1). A number
 * without a result counts as false.
 *
 * @param node - a logic tree
 * @param results - each condition's result, condition 1 first
 * @returns whether the logic holds
 *
 * @example
 * evaluateCriteriaLogic({ kind: 'and', left: { kind: 'ref', index: 1 }, right: { kind: 'not', operand: { kind: 'ref', index: 2 } } }, [true, false])
 * //=> true
 */
export function evaluateCriteriaLogic(node: LogicNode, results: readonly boolean[]): boolean {
  switch (node.kind) {
    case 'ref':
      return results[node.index - 1] === true;
    case 'not':
      return !evaluateCriteriaLogic(node.operand, results);
    case 'and':
      return evaluateCriteriaLogic(node.left, results) && evaluateCriteriaLogic(node.right, results);
    case 'or':
      return evaluateCriteriaLogic(node.left, results) || evaluateCriteriaLogic(node.right, results);
  }
}

/**
 * Builds the tree for plain AND or OR logic over `count` conditions (left-associative).
 *
 * @example
 * printCriteriaLogic(joinConditions('AND', 3))
 * //=> '1 AND 2 AND 3'
 */
export function joinConditions(kind: 'AND' | 'OR', count: number): LogicNode | null {
  let tree: LogicNode | null = null;
  for (let index = 1; index <= count; index++) {
    const ref: LogicNode = { kind: 'ref', index };
    tree = tree === null ? ref : { kind: kind === 'AND' ? 'and' : 'or', left: tree, right: ref };
  }
  return tree;
}
