import fc from 'fast-check';
import { CATALOG } from '../../__tests__/describeFixtures';
import {
  type CriteriaCondition,
  type CriteriaDefinition,
  criteriaDateContext,
  criteriaFieldPaths,
  criteriaOutcome,
  evaluateCompiledCriteria,
  evaluateCriteria,
  parseCriteria,
  stringifyCriteria,
  summarizeCriteria,
  unmetConditions,
  validateCriteria
} from '../criteria';

// Wednesday 11 March 2026, 15:00 UTC. Weeks start on Sunday unless a test says otherwise.
const NOW = '2026-03-11T15:00:00Z';

function compile(conditions: CriteriaCondition[], objectName = 'Lead') {
  const parsed = parseCriteria({ logic: 'AND', conditions });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const compiled = validateCriteria(parsed.value, CATALOG, objectName);
  if (!compiled.ok) throw new Error(compiled.error.map((e) => e.message).join('; '));
  return compiled.value;
}

function met(
  condition: CriteriaCondition,
  record: Record<string, unknown>,
  timeZone?: string,
  weekStart?: number
): boolean {
  const result = evaluateCompiledCriteria(compile([condition]), record, { now: NOW, timeZone, weekStart });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.met;
}

describe('parseCriteria', () => {
  it('reads JSON text and fills the tree for AND, OR and CUSTOM', () => {
    const conditions = [
      { field: 'Status', operator: 'equals', value: 'Working' },
      { field: 'Rating', operator: 'isBlank' }
    ];
    expect(parseCriteria(JSON.stringify({ logic: 'OR', conditions }))).toEqual({
      ok: true,
      value: {
        logic: 'OR',
        conditions,
        tree: { kind: 'or', left: { kind: 'ref', index: 1 }, right: { kind: 'ref', index: 2 } }
      }
    });
    expect(parseCriteria({ logic: 'CUSTOM', expression: 'NOT 2 AND 1', conditions })).toEqual({
      ok: true,
      value: {
        logic: 'CUSTOM',
        expression: 'NOT 2 AND 1',
        conditions,
        tree: {
          kind: 'and',
          left: { kind: 'not', operand: { kind: 'ref', index: 2 } },
          right: { kind: 'ref', index: 1 }
        }
      }
    });
  });

  it('ignores an expression when the logic is AND or OR, and accepts no conditions', () => {
    expect(parseCriteria({ logic: 'AND', expression: '1 OR 9', conditions: [] })).toEqual({
      ok: true,
      value: { logic: 'AND', conditions: [], tree: null }
    });
  });

  it.each<[string, unknown, { code: string; message: string; path?: string; position?: number }]>([
    [
      'broken JSON',
      '{"logic":',
      { code: 'BAD_CRITERIA', message: expect.stringMatching(/^The criteria are not valid JSON: /) }
    ],
    [
      'a list',
      [],
      { code: 'BAD_CRITERIA', message: 'The criteria must be an object with "logic" and "conditions"' }
    ],
    [
      'null',
      null,
      { code: 'BAD_CRITERIA', message: 'The criteria must be an object with "logic" and "conditions"' }
    ],
    [
      'JSON text of a number',
      '42',
      { code: 'BAD_CRITERIA', message: 'The criteria must be an object with "logic" and "conditions"' }
    ],
    [
      'no logic',
      { conditions: [] },
      { code: 'BAD_CRITERIA', message: 'The logic must be AND, OR or CUSTOM, not null', path: 'logic' }
    ],
    [
      'a lower-case logic',
      { logic: 'and', conditions: [] },
      { code: 'BAD_CRITERIA', message: 'The logic must be AND, OR or CUSTOM, not "and"', path: 'logic' }
    ],
    [
      'conditions that are not a list',
      { logic: 'AND', conditions: {} },
      { code: 'BAD_CRITERIA', message: '"conditions" must be a list of conditions', path: 'conditions' }
    ],
    [
      'a condition that is not an object',
      { logic: 'AND', conditions: ['Status'] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 must be an object with field, operator and value',
        path: 'conditions[0]'
      }
    ],
    [
      'a condition without field',
      { logic: 'AND', conditions: [{ operator: 'isBlank' }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 has no field; choose the field to test',
        path: 'conditions[0].field'
      }
    ],
    [
      'a blank field',
      { logic: 'AND', conditions: [{ field: ' ', operator: 'isBlank' }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 has no field; choose the field to test',
        path: 'conditions[0].field'
      }
    ],
    [
      'an unknown operator',
      {
        logic: 'AND',
        conditions: [
          { field: 'Status', operator: 'equals' },
          { field: 'Status', operator: 'like', value: 'x' }
        ]
      },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 2 (Status): "like" is not an operator',
        path: 'conditions[1].operator'
      }
    ],
    [
      'a missing operator',
      { logic: 'AND', conditions: [{ field: 'Status' }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 (Status): null is not an operator',
        path: 'conditions[0].operator'
      }
    ],
    [
      'an object value',
      { logic: 'AND', conditions: [{ field: 'Status', operator: 'equals', value: { a: 1 } }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 (Status): the value must be text, a number, true/false or a list of those',
        path: 'conditions[0].value'
      }
    ],
    [
      'a list holding null',
      { logic: 'AND', conditions: [{ field: 'Status', operator: 'includes', value: ['a', null] }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 (Status): the value must be text, a number, true/false or a list of those',
        path: 'conditions[0].value'
      }
    ],
    [
      'an infinite number',
      { logic: 'AND', conditions: [{ field: 'Score__c', operator: 'equals', value: Infinity }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Condition 1 (Score__c): the value must be text, a number, true/false or a list of those',
        path: 'conditions[0].value'
      }
    ],
    [
      'custom logic without expression',
      { logic: 'CUSTOM', conditions: [{ field: 'Status', operator: 'isBlank' }] },
      {
        code: 'BAD_CRITERIA',
        message: 'Custom logic needs an expression such as 1 AND (2 OR 3)',
        path: 'expression'
      }
    ],
    [
      'custom logic naming a missing condition',
      { logic: 'CUSTOM', expression: '1 OR 2', conditions: [{ field: 'Status', operator: 'isBlank' }] },
      {
        code: 'UNDEFINED_CONDITION',
        message: 'Condition 2 is used in the logic but not defined (position 6)',
        path: 'expression',
        position: 6
      }
    ],
    [
      'custom logic leaving a condition out',
      {
        logic: 'CUSTOM',
        expression: '2',
        conditions: [
          { field: 'Status', operator: 'isBlank' },
          { field: 'Rating', operator: 'isBlank' }
        ]
      },
      {
        code: 'UNUSED_CONDITION',
        message: 'Condition 1 is defined but not used in the logic',
        path: 'expression'
      }
    ],
    [
      'custom logic with bad syntax',
      { logic: 'CUSTOM', expression: '1 OR', conditions: [{ field: 'Status', operator: 'isBlank' }] },
      {
        code: 'BAD_CRITERIA_LOGIC',
        message: 'Expected a condition number or "(" but found the end of the logic (position 5)',
        path: 'expression',
        position: 5
      }
    ]
  ])('rejects %s', (_name, input, error) => {
    expect(parseCriteria(input)).toEqual({ ok: false, error });
  });
});

describe('stringifyCriteria and criteriaFieldPaths', () => {
  it('prints custom logic in canonical form and keeps the conditions', () => {
    const parsed = parseCriteria({
      logic: 'CUSTOM',
      expression: '1 and(2 or not 3)',
      conditions: [
        { field: 'Status', operator: 'equals', value: 'Working' },
        { field: 'Account.Industry', operator: 'isBlank' },
        { field: 'Status', operator: 'isNotBlank' }
      ]
    });
    expect(parsed.ok && stringifyCriteria(parsed.value)).toBe(
      '{"logic":"CUSTOM","expression":"1 AND (2 OR NOT 3)","conditions":[{"field":"Status","operator":"equals","value":"Working"},{"field":"Account.Industry","operator":"isBlank"},{"field":"Status","operator":"isNotBlank"}]}'
    );
    expect(parsed.ok && criteriaFieldPaths(parsed.value)).toEqual(['Status', 'Account.Industry']);
  });

  it('leaves the expression out for AND and OR', () => {
    const parsed = parseCriteria({
      logic: 'OR',
      expression: 'junk',
      conditions: [{ field: 'Status', operator: 'isBlank' }]
    });
    expect(parsed.ok && stringifyCriteria(parsed.value)).toBe(
      '{"logic":"OR","conditions":[{"field":"Status","operator":"isBlank"}]}'
    );
  });
});

describe('validateCriteria', () => {
  it.each<[string, CriteriaCondition, string, string, string]>([
    [
      'an unknown field',
      { field: 'Statuss', operator: 'equals', value: 'x' },
      'UNKNOWN_FIELD',
      'Condition 1: Lead has no field named "Statuss"',
      'conditions[0].field'
    ],
    [
      'an unknown relationship',
      { field: 'Acount.Name', operator: 'isBlank' },
      'UNKNOWN_RELATIONSHIP',
      'Condition 1: Lead has no relationship named "Acount" (in "Acount.Name")',
      'conditions[0].field'
    ],
    [
      'a malformed path',
      { field: 'Owner..Name', operator: 'isBlank' },
      'BAD_FIELD_PATH',
      'Condition 1: "Owner..Name" is not a field name or a path such as Account.Name',
      'conditions[0].field'
    ],
    [
      'contains on a checkbox',
      { field: 'DoNotCall', operator: 'contains', value: 'x' },
      'OPERATOR_NOT_ALLOWED',
      'Condition 1 (DoNotCall): "Contains" cannot be used with a Checkbox field; use one of: Equals, Does Not Equal',
      'conditions[0].operator'
    ],
    [
      'less than on a picklist',
      { field: 'Rating', operator: 'lessThan', value: 'Hot' },
      'OPERATOR_NOT_ALLOWED',
      'Condition 1 (Rating): "Less Than" cannot be used with a Picklist field; use one of: Equals, Does Not Equal, Includes, Does Not Include, Is Blank, Is Not Blank',
      'conditions[0].operator'
    ],
    [
      'starts with on a date',
      { field: 'Last_Touch__c', operator: 'startsWith', value: '2026' },
      'OPERATOR_NOT_ALLOWED',
      'Condition 1 (Last_Touch__c): "Starts With" cannot be used with a Date field; use one of: On, Not On, Before, On or Before, After, On or After, Between, Is Blank, Is Not Blank',
      'conditions[0].operator'
    ],
    [
      'a value for is blank',
      { field: 'Rating', operator: 'isBlank', value: 'Hot' },
      'BAD_VALUE',
      'Condition 1 (Rating): "Is Blank" takes no value',
      'conditions[0].value'
    ],
    [
      'null for a checkbox',
      { field: 'DoNotCall', operator: 'equals', value: null },
      'BAD_VALUE',
      'Condition 1 (DoNotCall): "Equals" takes exactly one value',
      'conditions[0].value'
    ],
    [
      'no value for equals',
      { field: 'Company', operator: 'equals' },
      'BAD_VALUE',
      'Condition 1 (Company): "Equals" takes exactly one value',
      'conditions[0].value'
    ],
    [
      'a list for equals',
      { field: 'Company', operator: 'equals', value: ['a'] },
      'BAD_VALUE',
      'Condition 1 (Company): "Equals" takes exactly one value',
      'conditions[0].value'
    ],
    [
      'an empty list for includes',
      { field: 'Rating', operator: 'includes', value: [] },
      'BAD_VALUE',
      'Condition 1 (Rating): choose at least one value',
      'conditions[0].value'
    ],
    [
      'one value for between',
      { field: 'AnnualRevenue', operator: 'between', value: 5 },
      'BAD_VALUE',
      'Condition 1 (AnnualRevenue): "Between" takes two values: [from, to]',
      'conditions[0].value'
    ],
    [
      'three values for between',
      { field: 'AnnualRevenue', operator: 'between', value: [1, 2, 3] },
      'BAD_VALUE',
      'Condition 1 (AnnualRevenue): "Between" takes two values: [from, to]',
      'conditions[0].value'
    ],
    [
      'a reversed range',
      { field: 'AnnualRevenue', operator: 'between', value: [10, 5] },
      'BAD_VALUE',
      'Condition 1 (AnnualRevenue): "Between" needs the smaller value first: [5, 10]',
      'conditions[0].value'
    ],
    [
      'empty text for contains',
      { field: 'Company', operator: 'contains', value: ' ' },
      'BAD_VALUE',
      'Condition 1 (Company): "Contains" needs some text to look for',
      'conditions[0].value'
    ],
    [
      'text for a number',
      { field: 'NumberOfEmployees', operator: 'greaterThan', value: 'many' },
      'BAD_VALUE',
      'Condition 1 (NumberOfEmployees): "many" is not a number',
      'conditions[0].value'
    ],
    [
      'true for a number',
      { field: 'NumberOfEmployees', operator: 'equals', value: true },
      'BAD_VALUE',
      'Condition 1 (NumberOfEmployees): true is not a number',
      'conditions[0].value'
    ],
    [
      'yes for a checkbox',
      { field: 'DoNotCall', operator: 'equals', value: 'yes' },
      'BAD_VALUE',
      'Condition 1 (DoNotCall): "yes" is not true or false',
      'conditions[0].value'
    ],
    [
      'a value outside the picklist',
      { field: 'Rating', operator: 'equals', value: 'Tepid' },
      'BAD_VALUE',
      'Condition 1 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold',
      'conditions[0].value'
    ],
    [
      'a bad value in a multi-select list',
      { field: 'Interests__c', operator: 'includes', value: ['AI', 'Cloud;Quantum'] },
      'BAD_VALUE',
      'Condition 1 (Interests__c): "Quantum" is not a value of picklist Interests__c; valid values: Cloud, AI, Security',
      'conditions[0].value'
    ],
    [
      'an empty multi-select value',
      { field: 'Interests__c', operator: 'equals', value: ';' },
      'BAD_VALUE',
      'Condition 1 (Interests__c): Choose at least one picklist value',
      'conditions[0].value'
    ],
    [
      'a bad record Id',
      { field: 'OwnerId', operator: 'equals', value: 'Ada' },
      'BAD_VALUE',
      'Condition 1 (OwnerId): "Ada" is not a Salesforce record ID (15 or 18 characters)',
      'conditions[0].value'
    ],
    [
      'an impossible date',
      { field: 'Last_Touch__c', operator: 'equals', value: '2026-02-30' },
      'BAD_VALUE',
      'Condition 1 (Last_Touch__c): "2026-02-30" is not a date (YYYY-MM-DD), or a relative date such as TODAY or LAST_N_DAYS:7',
      'conditions[0].value'
    ],
    [
      'a number for a date',
      { field: 'Last_Touch__c', operator: 'equals', value: 20260301 },
      'BAD_VALUE',
      'Condition 1 (Last_Touch__c): 20260301 is not a date',
      'conditions[0].value'
    ],
    [
      'a date/time for a date field',
      { field: 'Last_Touch__c', operator: 'greaterThan', value: '2026-03-01T10:00:00Z' },
      'BAD_VALUE',
      'Condition 1 (Last_Touch__c): "2026-03-01T10:00:00Z" is a date/time, but the field holds dates only; use YYYY-MM-DD',
      'conditions[0].value'
    ],
    [
      'a date/time without zone',
      { field: 'Next_Call__c', operator: 'greaterThan', value: '2026-03-01T10:00:00' },
      'BAD_VALUE',
      'Condition 1 (Next_Call__c): "2026-03-01T10:00:00" is not a date (YYYY-MM-DD), a date/time, or a relative date such as TODAY or LAST_N_DAYS:7',
      'conditions[0].value'
    ],
    [
      'a fiscal literal',
      { field: 'Next_Call__c', operator: 'equals', value: 'THIS_FISCAL_YEAR' },
      'BAD_VALUE',
      'Condition 1 (Next_Call__c): "THIS_FISCAL_YEAR" is not a date (YYYY-MM-DD), a date/time, or a relative date such as TODAY or LAST_N_DAYS:7',
      'conditions[0].value'
    ]
  ])('reports %s', (_name, condition, code, message, path) => {
    const parsed = parseCriteria({ logic: 'AND', conditions: [condition] });
    expect(parsed.ok && validateCriteria(parsed.value, CATALOG, 'Lead')).toEqual({
      ok: false,
      error: [{ code, message, path }]
    });
  });

  it('reports every bad condition at once, numbered as the admin sees them', () => {
    const parsed = parseCriteria({
      logic: 'AND',
      conditions: [
        { field: 'Status', operator: 'equals', value: 'Working' },
        { field: 'Rating', operator: 'equals', value: 'Tepid' },
        { field: 'Nope', operator: 'isBlank' }
      ]
    });
    const result = parsed.ok && validateCriteria(parsed.value, CATALOG, 'Lead');
    expect(result && !result.ok && result.error.map((e) => e.path)).toEqual([
      'conditions[1].value',
      'conditions[2].field'
    ]);
  });

  it('reports an object the catalog does not describe', () => {
    const parsed = parseCriteria({ logic: 'AND', conditions: [{ field: 'Name', operator: 'isBlank' }] });
    expect(parsed.ok && validateCriteria(parsed.value, CATALOG, 'Campaign')).toEqual({
      ok: false,
      error: [
        {
          code: 'UNKNOWN_OBJECT',
          message: 'Condition 1: No describe for object Campaign',
          path: 'conditions[0].field'
        }
      ]
    });
  });

  it('accepts any value for a picklist whose values the describe does not list', () => {
    const catalog = { X: { name: 'X', fields: [{ name: 'Stage__c', type: 'picklist' as const }] } };
    const result = evaluateCriteria(
      { logic: 'AND', conditions: [{ field: 'Stage__c', operator: 'equals', value: 'Anything' }] },
      { Stage__c: 'anything' },
      catalog,
      'X',
      NOW
    );
    expect(result).toEqual({ ok: true, value: { met: true, conditions: [true] } });
  });

  it('spells paths as the describe does and keeps the operator', () => {
    const compiled = compile([{ field: 'owner.name', operator: 'startsWith', value: 'A' }]);
    expect(
      compiled.conditions.map(({ number, path, fieldType, operator }) => ({
        number,
        path,
        fieldType,
        operator
      }))
    ).toEqual([{ number: 1, path: 'Owner.Name', fieldType: 'string', operator: 'startsWith' }]);
  });
});

describe('evaluation by field type', () => {
  it.each<[string, CriteriaCondition, Record<string, unknown>, boolean]>([
    // text: case-insensitive, SOQL null semantics
    [
      'text equals ignores case',
      { field: 'Company', operator: 'equals', value: 'ACME' },
      { Company: 'Acme' },
      true
    ],
    [
      'text equals another',
      { field: 'Company', operator: 'equals', value: 'Acme' },
      { Company: 'Globex' },
      false
    ],
    [
      'text not equals',
      { field: 'Company', operator: 'notEquals', value: 'Acme' },
      { Company: 'Globex' },
      true
    ],
    ['text contains', { field: 'Company', operator: 'contains', value: 'cm' }, { Company: 'Acme' }, true],
    [
      'text does not contain',
      { field: 'Company', operator: 'notContains', value: 'cm' },
      { Company: 'Acme' },
      false
    ],
    [
      'text starts with',
      { field: 'Company', operator: 'startsWith', value: 'ac' },
      { Company: 'Acme' },
      true
    ],
    [
      'text starts with (no)',
      { field: 'Company', operator: 'startsWith', value: 'me' },
      { Company: 'Acme' },
      false
    ],
    [
      'text includes one of a list',
      { field: 'Company', operator: 'includes', value: ['Globex', 'acme'] },
      { Company: 'Acme' },
      true
    ],
    [
      'text excludes a list',
      { field: 'Company', operator: 'excludes', value: ['Globex', 'acme'] },
      { Company: 'Initech' },
      true
    ],
    [
      'text area contains',
      { field: 'Description', operator: 'contains', value: 'budget' },
      { Description: 'Has Budget in Q3' },
      true
    ],
    [
      'url starts with',
      { field: 'Website', operator: 'startsWith', value: 'https://' },
      { Website: 'http://acme.test' },
      false
    ],
    [
      'a number compared as text',
      { field: 'Company', operator: 'equals', value: 42 },
      { Company: '42' },
      true
    ],
    // blanks
    [
      'blank equals nothing',
      { field: 'Company', operator: 'equals', value: 'Acme' },
      { Company: null },
      false
    ],
    ['blank is not equal to a value', { field: 'Company', operator: 'notEquals', value: 'Acme' }, {}, true],
    [
      'blank does not contain',
      { field: 'Company', operator: 'notContains', value: 'x' },
      { Company: '' },
      true
    ],
    [
      'blank contains nothing',
      { field: 'Company', operator: 'contains', value: 'x' },
      { Company: '  ' },
      false
    ],
    [
      'blank excludes any list',
      { field: 'Rating', operator: 'excludes', value: ['Hot'] },
      { Rating: null },
      true
    ],
    ['is blank (null)', { field: 'Company', operator: 'isBlank' }, { Company: null }, true],
    ['is blank (spaces)', { field: 'Company', operator: 'isBlank' }, { Company: '   ' }, true],
    ['is blank (value)', { field: 'Company', operator: 'isBlank' }, { Company: 'Acme' }, false],
    ['is not blank', { field: 'Company', operator: 'isNotBlank' }, { Company: 'Acme' }, true],
    [
      'equals null means blank',
      { field: 'Company', operator: 'equals', value: null },
      { Company: null },
      true
    ],
    [
      'not equals null means not blank',
      { field: 'Company', operator: 'notEquals', value: null },
      { Company: null },
      false
    ],
    // email and phone
    [
      'email equals ignores case',
      { field: 'Email', operator: 'equals', value: 'Ada@Example.com' },
      { Email: 'ada@example.COM' },
      true
    ],
    [
      'email contains a domain',
      { field: 'Email', operator: 'contains', value: '@example.com' },
      { Email: 'ada@example.com' },
      true
    ],
    [
      'phone equals compares digits',
      { field: 'Phone', operator: 'equals', value: '+1 (415) 555-2671' },
      { Phone: '+1 415.555.2671' },
      true
    ],
    [
      'phone not equals',
      { field: 'Phone', operator: 'notEquals', value: '4155552671' },
      { Phone: '(415) 555-0000' },
      true
    ],
    // numbers
    [
      'int equals',
      { field: 'NumberOfEmployees', operator: 'equals', value: 50 },
      { NumberOfEmployees: 50 },
      true
    ],
    [
      'numeric text value',
      { field: 'NumberOfEmployees', operator: 'greaterThan', value: '49.5' },
      { NumberOfEmployees: 50 },
      true
    ],
    [
      'numeric text on the record',
      { field: 'Score__c', operator: 'lessThan', value: 3 },
      { Score__c: '2.5' },
      true
    ],
    [
      'less or equal at the edge',
      { field: 'Score__c', operator: 'lessOrEqual', value: 2.5 },
      { Score__c: 2.5 },
      true
    ],
    [
      'greater or equal below',
      { field: 'Score__c', operator: 'greaterOrEqual', value: 2.5 },
      { Score__c: 2.4 },
      false
    ],
    [
      'currency greater than',
      { field: 'AnnualRevenue', operator: 'greaterThan', value: 1000000 },
      { AnnualRevenue: 1500000 },
      true
    ],
    [
      'currency between, inclusive',
      { field: 'AnnualRevenue', operator: 'between', value: [100, 200] },
      { AnnualRevenue: 200 },
      true
    ],
    [
      'currency between, outside',
      { field: 'AnnualRevenue', operator: 'between', value: [100, 200] },
      { AnnualRevenue: 201 },
      false
    ],
    [
      'percent as a number of percent',
      { field: 'Discount__c', operator: 'lessThan', value: 15 },
      { Discount__c: 12.5 },
      true
    ],
    [
      'blank number is not less than',
      { field: 'Score__c', operator: 'lessThan', value: 3 },
      { Score__c: null },
      false
    ],
    [
      'text on a number field reads as blank',
      { field: 'Score__c', operator: 'isBlank' },
      { Score__c: 'n/a' },
      false
    ],
    [
      'non-numeric text never compares',
      { field: 'Score__c', operator: 'notEquals', value: 1 },
      { Score__c: 'n/a' },
      true
    ],
    [
      'number not equal',
      { field: 'NumberOfEmployees', operator: 'notEquals', value: 5 },
      { NumberOfEmployees: 5 },
      false
    ],
    [
      'an infinite value reads as blank',
      { field: 'Score__c', operator: 'greaterThan', value: 1 },
      { Score__c: Infinity },
      false
    ],
    // checkbox
    ['checkbox true', { field: 'DoNotCall', operator: 'equals', value: true }, { DoNotCall: true }, true],
    [
      'checkbox "false" text value',
      { field: 'DoNotCall', operator: 'equals', value: 'FALSE' },
      { DoNotCall: false },
      true
    ],
    [
      'checkbox "true" on the record',
      { field: 'DoNotCall', operator: 'equals', value: true },
      { DoNotCall: 'true' },
      true
    ],
    ['absent checkbox reads unchecked', { field: 'DoNotCall', operator: 'equals', value: false }, {}, true],
    [
      'checkbox not equals',
      { field: 'DoNotCall', operator: 'notEquals', value: true },
      { DoNotCall: true },
      false
    ],
    // picklist
    [
      'picklist equals ignores case',
      { field: 'Status', operator: 'equals', value: 'working' },
      { Status: 'Working' },
      true
    ],
    [
      'picklist includes one of',
      { field: 'Rating', operator: 'includes', value: ['Hot', 'Warm'] },
      { Rating: 'Warm' },
      true
    ],
    [
      'picklist excludes',
      { field: 'Rating', operator: 'excludes', value: ['Hot', 'Warm'] },
      { Rating: 'Warm' },
      false
    ],
    [
      'picklist accepts an inactive value',
      { field: 'Status', operator: 'equals', value: 'Legacy' },
      { Status: 'Legacy' },
      true
    ],
    [
      'picklist not equals',
      { field: 'Status', operator: 'notEquals', value: 'Open' },
      { Status: 'Working' },
      true
    ],
    // multi-select picklist
    [
      'multi includes any entry',
      { field: 'Interests__c', operator: 'includes', value: ['Security', 'AI'] },
      { Interests__c: 'Cloud;AI' },
      true
    ],
    [
      'multi entry with ; needs all',
      { field: 'Interests__c', operator: 'includes', value: ['AI;Security'] },
      { Interests__c: 'Cloud;AI' },
      false
    ],
    [
      'multi entry with ; met',
      { field: 'Interests__c', operator: 'includes', value: 'ai;cloud' },
      { Interests__c: 'Cloud;AI' },
      true
    ],
    [
      'multi excludes',
      { field: 'Interests__c', operator: 'excludes', value: ['Security'] },
      { Interests__c: 'Cloud;AI' },
      true
    ],
    [
      'multi equals the exact set in any order',
      { field: 'Interests__c', operator: 'equals', value: 'AI;Cloud' },
      { Interests__c: 'Cloud;AI' },
      true
    ],
    [
      'multi equals a subset is false',
      { field: 'Interests__c', operator: 'equals', value: 'AI' },
      { Interests__c: 'Cloud;AI' },
      false
    ],
    [
      'multi not equals',
      { field: 'Interests__c', operator: 'notEquals', value: 'AI' },
      { Interests__c: 'Cloud;AI' },
      true
    ],
    ['multi blank', { field: 'Interests__c', operator: 'isBlank' }, { Interests__c: '' }, true],
    [
      'multi with only separators reads blank',
      { field: 'Interests__c', operator: 'includes', value: ['AI'] },
      { Interests__c: ';' },
      false
    ],
    [
      'multi that is not text reads blank',
      { field: 'Interests__c', operator: 'excludes', value: ['AI'] },
      { Interests__c: 5 },
      true
    ],
    // lookups and Ids
    [
      'lookup equals 15 vs 18 chars',
      { field: 'OwnerId', operator: 'equals', value: '005000000000001' },
      { OwnerId: '005000000000001AAA' },
      true
    ],
    [
      'Ids are case-sensitive',
      { field: 'OwnerId', operator: 'equals', value: '00500000000000a' },
      { OwnerId: '00500000000000A' },
      false
    ],
    [
      'lookup not equals',
      { field: 'SDR__c', operator: 'notEquals', value: '005000000000001' },
      { SDR__c: null },
      true
    ],
    ['lookup garbage reads blank', { field: 'SDR__c', operator: 'isNotBlank' }, { SDR__c: 'x' }, true],
    [
      'Id equals',
      { field: 'Id', operator: 'equals', value: '00Q000000000001' },
      { Id: '00Q000000000001' },
      true
    ],
    // parent paths
    [
      'parent field',
      { field: 'Owner.Name', operator: 'equals', value: 'Ada' },
      { Owner: { Name: 'Ada' } },
      true
    ],
    ['parent missing reads blank', { field: 'Owner.Name', operator: 'isBlank' }, { Owner: null }, true],
    [
      'grand-parent field',
      { field: 'Owner.Manager.Email', operator: 'contains', value: 'boss' },
      { Owner: { Manager: { Email: 'boss@acme.test' } } },
      true
    ]
  ])('%s', (_name, condition, record, expected) => {
    expect(met(condition, record)).toBe(expected);
  });
});

describe('evaluation of dates (now: Wednesday 2026-03-11 15:00 UTC)', () => {
  it.each<[string, string, unknown, string | null, boolean]>([
    // date fields: [operator, value, record date, expected]
    ['equals', 'TODAY', '2026-03-11', null, true],
    ['equals', 'YESTERDAY', '2026-03-10', null, true],
    ['equals', 'TOMORROW', '2026-03-11', null, false],
    ['equals', 'THIS_WEEK', '2026-03-08', null, true], // Sunday starts the week
    ['equals', 'THIS_WEEK', '2026-03-14', null, true],
    ['equals', 'THIS_WEEK', '2026-03-15', null, false],
    ['equals', 'LAST_WEEK', '2026-03-01', null, true],
    ['equals', 'NEXT_WEEK', '2026-03-21', null, true],
    ['equals', 'THIS_MONTH', '2026-03-31', null, true],
    ['equals', 'LAST_MONTH', '2026-02-28', null, true],
    ['equals', 'NEXT_MONTH', '2026-03-31', null, false],
    ['equals', 'THIS_QUARTER', '2026-01-01', null, true],
    ['equals', 'LAST_QUARTER', '2025-10-01', null, true],
    ['equals', 'NEXT_QUARTER', '2026-06-30', null, true],
    ['equals', 'THIS_YEAR', '2026-12-31', null, true],
    ['equals', 'LAST_YEAR', '2026-01-01', null, false],
    ['equals', 'NEXT_YEAR', '2027-07-01', null, true],
    ['equals', 'LAST_N_DAYS:7', '2026-03-04', null, true], // today and the 7 days before
    ['equals', 'LAST_N_DAYS:7', '2026-03-11', null, true],
    ['equals', 'LAST_N_DAYS:7', '2026-03-03', null, false],
    ['equals', 'NEXT_N_DAYS:7', '2026-03-11', null, false], // starts tomorrow
    ['equals', 'NEXT_N_DAYS:7', '2026-03-18', null, true],
    ['equals', 'NEXT_N_DAYS:7', '2026-03-19', null, false],
    ['equals', 'LAST_90_DAYS', '2025-12-11', null, true],
    ['equals', 'NEXT_90_DAYS', '2026-06-09', null, true],
    ['equals', 'N_DAYS_AGO:3', '2026-03-08', null, true],
    ['equals', 'LAST_N_MONTHS:2', '2026-01-01', null, true],
    ['equals', 'LAST_N_MONTHS:2', '2026-03-01', null, false], // the current month is not included
    ['equals', 'NEXT_N_WEEKS:1', '2026-03-15', null, true],
    ['equals', 'N_MONTHS_AGO:1', '2026-02-14', null, true],
    ['equals', 'LAST_N_QUARTERS:1', '2025-12-31', null, true],
    ['equals', 'NEXT_N_YEARS:1', '2027-12-31', null, true],
    ['equals', '2026-03-11', '2026-03-11', null, true],
    ['notEquals', 'TODAY', '2026-03-11', null, false],
    ['notEquals', 'TODAY', null, null, true],
    ['lessThan', 'THIS_MONTH', '2026-02-28', null, true],
    ['lessThan', 'THIS_MONTH', '2026-03-01', null, false],
    ['greaterThan', 'THIS_MONTH', '2026-04-01', null, true],
    ['greaterThan', 'THIS_MONTH', '2026-03-31', null, false],
    ['lessOrEqual', 'TODAY', '2026-03-11', null, true],
    ['lessOrEqual', 'TODAY', '2026-03-12', null, false],
    ['greaterOrEqual', '2026-03-11', '2026-03-11', null, true],
    ['greaterOrEqual', '2026-03-11', '2026-03-10', null, false],
    ['lessThan', 'TODAY', null, null, false],
    ['equals', 'TODAY', 'not a date', null, false],
    ['equals', 'TODAY', '2026-02-30', null, false],
    ['equals', 'TODAY', 20260311, null, false],
    // weeks that start on Monday
    ['equals', 'THIS_WEEK', '2026-03-08', '1', false],
    ['equals', 'THIS_WEEK', '2026-03-09', '1', true]
  ])(
    'Last_Touch__c %s %s for %j (week start %s) is %s',
    (operator, value, recordValue, weekStart, expected) => {
      const condition = { field: 'Last_Touch__c', operator, value } as CriteriaCondition;
      expect(
        met(
          condition,
          { Last_Touch__c: recordValue },
          undefined,
          weekStart === null ? undefined : Number(weekStart)
        )
      ).toBe(expected);
    }
  );

  it.each<[string, unknown, unknown, string | undefined, boolean]>([
    // date/time fields: [operator, value, record instant, zone, expected]
    ['equals', 'TODAY', '2026-03-11T00:00:00.000+0000', undefined, true],
    ['equals', 'TODAY', '2026-03-10T23:59:59.999Z', undefined, false],
    // 02:00 UTC on the 11th is still the 10th in Los Angeles, which is "yesterday" there
    ['equals', 'YESTERDAY', '2026-03-11T02:00:00Z', 'America/Los_Angeles', true],
    ['equals', 'TODAY', '2026-03-11T02:00:00Z', 'America/Los_Angeles', false],
    // New York moves to daylight time on Sunday 8 March: the week ends at 04:00 UTC on the 15th
    ['equals', 'THIS_WEEK', '2026-03-15T03:59:59Z', 'America/New_York', true],
    ['equals', 'THIS_WEEK', '2026-03-15T04:00:00Z', 'America/New_York', false],
    ['equals', 'THIS_WEEK', '2026-03-08T05:00:00Z', 'America/New_York', true],
    ['equals', 'THIS_WEEK', '2026-03-08T04:59:59Z', 'America/New_York', false],
    ['equals', '2026-03-11T09:00:00Z', '2026-03-11T09:00:00.000+0000', undefined, true],
    ['equals', '2026-03-11T10:00:00+01:00', '2026-03-11T09:00:00Z', undefined, true],
    ['lessThan', '2026-03-11T09:00:00Z', '2026-03-11T08:59:59Z', undefined, true],
    ['greaterThan', '2026-03-11T09:00:00Z', '2026-03-11T09:00:00Z', undefined, false],
    ['lessOrEqual', '2026-03-11T09:00:00Z', '2026-03-11T09:00:00Z', undefined, true],
    ['greaterOrEqual', '2026-03-11T09:00:00Z', '2026-03-11T09:00:01Z', undefined, true],
    ['equals', '2026-03-11', '2026-03-11T23:00:00Z', 'Europe/Paris', false], // midnight in Paris: the 12th
    ['equals', '2026-03-11', '2026-03-11T22:59:00Z', 'Europe/Paris', true],
    ['between', ['2026-03-01', 'TODAY'], '2026-03-11T12:00:00Z', undefined, true],
    ['between', ['LAST_WEEK', 'LAST_WEEK'], '2026-03-07T12:00:00Z', undefined, true],
    ['between', ['TOMORROW', 'YESTERDAY'], '2026-03-11T12:00:00Z', undefined, false], // reversed relative range
    ['between', ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'], '2026-03-02T00:00:00Z', undefined, true],
    ['equals', 'TODAY', '2026-03-11', undefined, true], // a plain date in a date/time field
    ['equals', 'TODAY', 'garbage', undefined, false],
    ['isBlank', undefined, null, undefined, true]
  ])('Next_Call__c %s %j for %j in %s is %s', (operator, value, recordValue, zone, expected) => {
    const condition = { field: 'Next_Call__c', operator, value } as CriteriaCondition;
    expect(met(condition, { Next_Call__c: recordValue }, zone)).toBe(expected);
  });
});

describe('evaluateCompiledCriteria', () => {
  const compiled = compile([
    { field: 'Status', operator: 'equals', value: 'Working' },
    { field: 'Rating', operator: 'equals', value: 'Hot' }
  ]);

  it('returns every condition result', () => {
    expect(
      evaluateCompiledCriteria(compiled, { Status: 'Working', Rating: 'Cold' }, { now: new Date(NOW) })
    ).toEqual({
      ok: true,
      value: { met: false, conditions: [true, false] }
    });
  });

  it('gives the same answers when one compiled criteria evaluates many records at one instant', () => {
    const conditions: CriteriaCondition[] = [
      { field: 'Last_Touch__c', operator: 'equals', value: 'LAST_N_DAYS:7' },
      { field: 'Next_Call__c', operator: 'lessThan', value: 'TOMORROW' }
    ];
    const shared = compile(conditions);
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('UTC', 'Asia/Tokyo'),
        (rows, timeZone) => {
          const clock = { now: NOW, timeZone };
          for (const [touch, call] of rows) {
            const record = { Last_Touch__c: touch, Next_Call__c: `${call}T12:00:00Z` };
            expect(evaluateCompiledCriteria(shared, record, clock)).toEqual(
              evaluateCompiledCriteria(compile(conditions), record, clock)
            );
          }
        }
      )
    );
  });

  it('treats no conditions as met', () => {
    const none = compile([]);
    expect(evaluateCompiledCriteria(none, {}, { now: NOW })).toEqual({
      ok: true,
      value: { met: true, conditions: [] }
    });
  });

  it.each<[string, Parameters<typeof criteriaDateContext>[0], { code: string; message: string }]>([
    [
      'an unknown zone',
      { now: NOW, timeZone: 'Mars/Olympus' },
      {
        code: 'BAD_TIME_ZONE',
        message: '"Mars/Olympus" is not a time zone (use an IANA name such as Europe/Paris)'
      }
    ],
    [
      'a bad instant',
      { now: 'yesterday' },
      { code: 'BAD_NOW', message: 'The current instant "yesterday" is not a valid date/time' }
    ],
    [
      'an invalid Date',
      { now: new Date('x') },
      { code: 'BAD_NOW', message: 'The current instant "Invalid Date" is not a valid date/time' }
    ],
    [
      'a bad week start',
      { now: NOW, weekStart: 0 },
      { code: 'BAD_WEEK_START', message: 'weekStart must be 1 (Monday) to 7 (Sunday), not 0' }
    ]
  ])('rejects %s', (_name, clock, error) => {
    expect(evaluateCompiledCriteria(compiled, {}, clock)).toEqual({ ok: false, error });
  });
});

describe('evaluateCriteria', () => {
  const json =
    '{"logic":"CUSTOM","expression":"1 AND (2 OR NOT 3)","conditions":[{"field":"Status","operator":"equals","value":"Working"},{"field":"Rating","operator":"equals","value":"Hot"},{"field":"DoNotCall","operator":"equals","value":true}]}';

  it.each<[Record<string, unknown>, boolean[], boolean]>([
    [{ Status: 'Working', Rating: 'Cold', DoNotCall: false }, [true, false, false], true],
    [{ Status: 'Working', Rating: 'Cold', DoNotCall: true }, [true, false, true], false],
    [{ Status: 'Working', Rating: 'Hot', DoNotCall: true }, [true, true, true], true],
    [{ Status: 'Open', Rating: 'Hot', DoNotCall: false }, [false, true, false], false]
  ])('evaluates JSON text against %j', (record, conditions, expected) => {
    expect(evaluateCriteria(json, record, CATALOG, 'Lead', NOW)).toEqual({
      ok: true,
      value: { met: expected, conditions }
    });
  });

  it('accepts parsed criteria and a plain definition', () => {
    const definition: CriteriaDefinition = {
      logic: 'OR',
      conditions: [{ field: 'Account.Industry', operator: 'equals', value: 'Energy' }]
    };
    const parsed = parseCriteria(definition);
    expect(
      evaluateCriteria(definition, { Account: { Industry: 'Energy' } }, CATALOG, 'Contact', new Date(NOW))
    ).toEqual({ ok: true, value: { met: true, conditions: [true] } });
    expect(
      parsed.ok && evaluateCriteria(parsed.value, { Account: null }, CATALOG, 'Contact', NOW, 'Europe/Paris')
    ).toEqual({ ok: true, value: { met: false, conditions: [false] } });
  });

  it('returns parse, validation and clock errors as lists', () => {
    expect(evaluateCriteria('nope', {}, CATALOG, 'Lead', NOW)).toEqual({
      ok: false,
      error: [{ code: 'BAD_CRITERIA', message: expect.stringMatching(/^The criteria are not valid JSON/) }]
    });
    expect(
      evaluateCriteria(
        { logic: 'AND', conditions: [{ field: 'Nope', operator: 'isBlank' }] },
        {},
        CATALOG,
        'Lead',
        NOW
      )
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'UNKNOWN_FIELD',
          message: 'Condition 1: Lead has no field named "Nope"',
          path: 'conditions[0].field'
        }
      ]
    });
    expect(
      evaluateCriteria({ logic: 'AND', conditions: [] }, {}, CATALOG, 'Lead', NOW, 'Nowhere/Land')
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_TIME_ZONE',
          message: '"Nowhere/Land" is not a time zone (use an IANA name such as Europe/Paris)'
        }
      ]
    });
  });

  it('does not change the criteria or the record', () => {
    const definition = {
      logic: 'AND',
      conditions: [{ field: 'Company', operator: 'equals', value: 'Acme' }]
    };
    const record = { Company: 'ACME', Owner: { Name: 'Ada' } };
    const before = JSON.stringify([definition, record]);
    evaluateCriteria(definition as CriteriaDefinition, record, CATALOG, 'Lead', NOW);
    expect(JSON.stringify([definition, record])).toBe(before);
  });
});

describe('summarizeCriteria and unmetConditions', () => {
  const conditions: CriteriaCondition[] = [
    { field: 'status', operator: 'equals', value: 'Working' },
    { field: 'Last_Touch__c', operator: 'equals', value: 'LAST_N_DAYS:7' },
    { field: 'Rating', operator: 'isBlank' },
    { field: 'AnnualRevenue', operator: 'between', value: [100, 200] },
    { field: 'Interests__c', operator: 'includes', value: ['AI', 'Cloud'] },
    { field: 'Company', operator: 'equals', value: null }
  ];

  it.each<[string, string]>([
    [
      '1 AND (2 OR NOT 3) AND 4 AND 5 AND 6',
      'Status equals "Working" AND (Last_Touch__c on LAST_N_DAYS:7 OR NOT Rating is blank) AND AnnualRevenue between 100 and 200 AND Interests__c includes "AI", "Cloud" AND Company is blank'
    ],
    [
      'NOT (1 OR 2) OR 3 AND 4 AND 5 AND 6',
      'NOT (Status equals "Working" OR Last_Touch__c on LAST_N_DAYS:7) OR (Rating is blank AND AnnualRevenue between 100 and 200 AND Interests__c includes "AI", "Cloud" AND Company is blank)'
    ],
    [
      'NOT NOT 1 AND 2 AND 3 AND 4 AND 5 AND 6',
      'NOT NOT Status equals "Working" AND Last_Touch__c on LAST_N_DAYS:7 AND Rating is blank AND AnnualRevenue between 100 and 200 AND Interests__c includes "AI", "Cloud" AND Company is blank'
    ]
  ])('writes %s in words', (expression, text) => {
    const parsed = parseCriteria({ logic: 'CUSTOM', expression, conditions });
    const compiled = parsed.ok ? validateCriteria(parsed.value, CATALOG, 'Lead') : parsed;
    expect(compiled.ok && summarizeCriteria(compiled.value)).toBe(text);
  });

  it('says "no conditions" for empty criteria', () => {
    expect(summarizeCriteria(compile([]))).toBe('no conditions');
  });

  it('lists the conditions a record does not meet', () => {
    const compiled = compile(conditions);
    const evaluation = evaluateCompiledCriteria(
      compiled,
      {
        Status: 'Working',
        Last_Touch__c: '2026-01-01',
        Rating: 'Hot',
        AnnualRevenue: 150,
        Interests__c: 'AI',
        Company: 'Acme'
      },
      { now: NOW }
    );
    expect(evaluation.ok && unmetConditions(compiled, evaluation.value)).toEqual([
      '2: Last_Touch__c on LAST_N_DAYS:7',
      '3: Rating is blank',
      '6: Company is blank'
    ]);
  });
});

describe('criteriaOutcome', () => {
  it.each<[boolean, 'Wait' | 'Skip', unknown]>([
    [true, 'Wait', 'proceed'],
    [true, 'Skip', 'proceed'],
    [false, 'Wait', { status: 'Waiting_Criteria', reason: 'WAIT_CRITERIA' }],
    [false, 'Skip', { status: 'Skipped', reason: 'SKIP_CRITERIA' }]
  ])('met=%s, behaviour %s → %j', (isMet, behavior, outcome) => {
    expect(criteriaOutcome(isMet, behavior)).toEqual(outcome);
  });
});

describe('properties', () => {
  // Conditions 1…n test checkboxes Flag1…Flagn; a record sets each flag at random.
  const FLAGS = [
    'DoNotCall',
    'HasOptedOutOfEmail',
    'IsConverted',
    'DoNotCall',
    'HasOptedOutOfEmail',
    'IsConverted'
  ];
  const conditionsFor = (wanted: boolean[]): CriteriaCondition[] =>
    wanted.map((value, i) => ({ field: FLAGS[i], operator: 'equals', value }));

  /** A random way of grouping `1 op 2 op … op n` with parentheses. */
  function grouping(n: number, op: 'AND' | 'OR', splits: number[]): string {
    const build = (from: number, to: number, depth: number): string => {
      if (from === to) return String(from);
      const cut = from + (splits[depth % splits.length] % (to - from));
      return `(${build(from, cut, depth + 1)} ${op} ${build(cut + 1, to, depth + 1)})`;
    };
    return build(1, n, 0);
  }

  it('custom logic equal to plain AND or OR evaluates the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<'AND' | 'OR'>('AND', 'OR'),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        (n, op, wanted, flags, splits) => {
          const conditions = conditionsFor(wanted.slice(0, n));
          const record = { DoNotCall: flags[0], HasOptedOutOfEmail: flags[1], IsConverted: flags[2] };
          const plain = evaluateCriteria({ logic: op, conditions }, record, CATALOG, 'Lead', NOW);
          const custom = evaluateCriteria(
            { logic: 'CUSTOM', expression: grouping(n, op, splits), conditions },
            record,
            CATALOG,
            'Lead',
            NOW
          );
          expect(custom).toEqual(plain);
        }
      )
    );
  });

  it('notEquals, notContains and excludes are the negations of equals, contains and includes', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: null }),
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        (company, value) => {
          const record = { Company: company };
          for (const [positive, negative] of [
            ['equals', 'notEquals'],
            ['contains', 'notContains'],
            ['includes', 'excludes']
          ] as const) {
            const v = positive === 'includes' ? [value] : value;
            expect(met({ field: 'Company', operator: negative, value: v }, record)).toBe(
              !met({ field: 'Company', operator: positive, value: v }, record)
            );
          }
        }
      )
    );
  });

  it('never throws, whatever the criteria JSON or the record holds', () => {
    const fields = [
      'Company',
      'Email',
      'Phone',
      'Status',
      'Interests__c',
      'DoNotCall',
      'Score__c',
      'Last_Touch__c',
      'Next_Call__c',
      'OwnerId',
      'Owner.Name'
    ];
    const condition = fc.record({
      field: fc.constantFrom(...fields),
      operator: fc.constantFrom(
        'equals',
        'notEquals',
        'contains',
        'includes',
        'excludes',
        'lessThan',
        'between',
        'isBlank'
      ),
      value: fc.oneof(
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
        fc.constantFrom('TODAY', 'LAST_N_DAYS:3', '2026-03-01', 'Hot', 'AI;Cloud')
      )
    });
    const record = fc.dictionary(
      fc.constantFrom(...fields.filter((f) => !f.includes('.')), 'Owner'),
      fc.anything()
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            logic: fc.constantFrom('AND', 'OR'),
            conditions: fc.array(condition, { maxLength: 4 })
          })
        ),
        record,
        (criteria, rec) => {
          const result = evaluateCriteria(
            criteria as CriteriaDefinition,
            rec,
            CATALOG,
            'Lead',
            NOW,
            'Europe/Paris'
          );
          expect(typeof result.ok).toBe('boolean');
        }
      )
    );
  });
});
