import fc from 'fast-check';
import { planFieldUpdates } from '../fieldUpdates';
import { LEAD } from './describeFixtures';

// 23:30 UTC on 11 March 2026 is already 12 March in Tokyo.
const CLOCK = { now: '2026-03-11T23:30:00Z', timeZone: 'Asia/Tokyo' };

describe('planFieldUpdates', () => {
  it.each<[string, string, unknown, unknown]>([
    ['text', 'FirstName', 'Ada', 'Ada'],
    ['a number as text', 'Company', 42, '42'],
    ['text area', 'Description', 'Line 1\nLine 2', 'Line 1\nLine 2'],
    ['phone', 'MobilePhone', '+1 415 555 2671', '+1 415 555 2671'],
    ['url', 'Website', 'https://acme.test', 'https://acme.test'],
    ['email', 'Email', ' ada@example.com ', 'ada@example.com'],
    ['int', 'NumberOfEmployees', 250, 250],
    ['int from text', 'NumberOfEmployees', '250', 250],
    ['double', 'Score__c', 2.5, 2.5],
    ['currency from text', 'AnnualRevenue', '1200.50', 1200.5],
    ['percent', 'Discount__c', 12.5, 12.5],
    ['checkbox', 'DoNotCall', true, true],
    ['checkbox from text', 'HasOptedOutOfEmail', 'FALSE', false],
    ['date', 'Last_Touch__c', '2026-03-01', '2026-03-01'],
    ['date token {!Today} in the zone', 'Last_Touch__c', '{!Today}', '2026-03-12'],
    ['date token TODAY', 'Last_Touch__c', 'today', '2026-03-12'],
    ['date/time token {!Now}', 'Next_Call__c', '{!Now}', '2026-03-11T23:30:00.000Z'],
    ['date/time token NOW', 'Next_Call__c', 'NOW', '2026-03-11T23:30:00.000Z'],
    [
      'date/time token {!Today}: midnight in the zone',
      'Next_Call__c',
      '{! today }',
      '2026-03-11T15:00:00.000Z'
    ],
    [
      'date/time with offset, sent as UTC',
      'Next_Call__c',
      '2026-03-01T10:00:00+01:00',
      '2026-03-01T09:00:00.000Z'
    ],
    ['picklist, spelled as the describe does', 'Rating', 'hot', 'Hot'],
    ['multi-select from text', 'Interests__c', 'ai; cloud;AI', 'AI;Cloud'],
    ['multi-select from a list', 'Interests__c', ['Security', 'AI'], 'Security;AI'],
    ['lookup', 'SDR__c', '005000000000001AAA', '005000000000001AAA'],
    ['a field name in any case', 'rating', 'Warm', 'Warm']
  ])('%s', (_name, field, value, expected) => {
    const result = planFieldUpdates([{ field, value }], LEAD, CLOCK);
    expect(result.ok && Object.values(result.value)).toEqual([expected]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['empty text', ''],
    ['no value', undefined],
    ['an empty list', []]
  ])('clears a field with %s', (_name, value) => {
    expect(planFieldUpdates([{ field: 'Rating', value }], LEAD, CLOCK)).toEqual({
      ok: true,
      value: { Rating: null }
    });
  });

  it('plans several entries from JSON text, keyed by the describe spelling', () => {
    expect(
      planFieldUpdates(
        '[{"field":"status","value":"Working"},{"field":"Last_Touch__c","value":"{!Today}"},{"field":"Description","value":null}]',
        LEAD,
        CLOCK
      )
    ).toEqual({ ok: true, value: { Status: 'Working', Last_Touch__c: '2026-03-12', Description: null } });
  });

  it('accepts an empty list', () => {
    expect(planFieldUpdates('[]', LEAD, { now: new Date('2026-03-11T10:00:00Z') })).toEqual({
      ok: true,
      value: {}
    });
  });

  it.each<[string, unknown, string, string, string]>([
    [
      'an unknown field',
      { field: 'Nope', value: 1 },
      'UNKNOWN_FIELD',
      'entry 1 (Nope): Lead has no field named "Nope"',
      '[0].field'
    ],
    [
      'a related field',
      { field: 'Owner.Name', value: 'x' },
      'UNKNOWN_FIELD',
      'entry 1 (Owner.Name): Lead has no field named "Owner.Name"; field updates change the participant record only, not related records',
      '[0].field'
    ],
    [
      'a read-only field',
      { field: 'IsConverted', value: true },
      'READ_ONLY_FIELD',
      'entry 1 (IsConverted): IsConverted cannot be updated',
      '[0].field'
    ],
    [
      'the Id',
      { field: 'Id', value: '00Q000000000001' },
      'READ_ONLY_FIELD',
      'entry 1 (Id): Id cannot be updated',
      '[0].field'
    ],
    [
      'a picklist value that does not exist',
      { field: 'Rating', value: 'Tepid' },
      'BAD_VALUE',
      'entry 1 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold',
      '[0].value'
    ],
    [
      'an inactive picklist value',
      { field: 'Status', value: 'legacy' },
      'BAD_VALUE',
      'entry 1 (Status): "Legacy" is an inactive value of picklist Status; valid values: Open, Working, Nurturing, Qualified',
      '[0].value'
    ],
    [
      'a number for a picklist',
      { field: 'Rating', value: 3 },
      'BAD_VALUE',
      'entry 1 (Rating): 3 is not a picklist value',
      '[0].value'
    ],
    [
      'a bad multi-select value',
      { field: 'Interests__c', value: 'AI;Quantum' },
      'BAD_VALUE',
      'entry 1 (Interests__c): "Quantum" is not a value of picklist Interests__c; valid values: Cloud, AI, Security',
      '[0].value'
    ],
    [
      'a multi-select list of numbers',
      { field: 'Interests__c', value: [1] },
      'BAD_VALUE',
      'entry 1 (Interests__c): [1] is not a list of picklist values',
      '[0].value'
    ],
    [
      'a multi-select object',
      { field: 'Interests__c', value: { a: 1 } },
      'BAD_VALUE',
      'entry 1 (Interests__c): {"a":1} is not a list of picklist values',
      '[0].value'
    ],
    [
      'text for a number',
      { field: 'AnnualRevenue', value: 'lots' },
      'BAD_VALUE',
      'entry 1 (AnnualRevenue): "lots" is not a number',
      '[0].value'
    ],
    [
      'true for a number',
      { field: 'AnnualRevenue', value: true },
      'BAD_VALUE',
      'entry 1 (AnnualRevenue): true is not a number',
      '[0].value'
    ],
    [
      'an infinite number',
      { field: 'Score__c', value: Infinity },
      'BAD_VALUE',
      'entry 1 (Score__c): null is not a number',
      '[0].value'
    ],
    [
      'a fraction for an int',
      { field: 'NumberOfEmployees', value: 2.5 },
      'BAD_VALUE',
      'entry 1 (NumberOfEmployees): 2.5 is not a whole number',
      '[0].value'
    ],
    [
      'yes for a checkbox',
      { field: 'DoNotCall', value: 'yes' },
      'BAD_VALUE',
      'entry 1 (DoNotCall): "yes" is not true or false',
      '[0].value'
    ],
    [
      'clearing a checkbox',
      { field: 'DoNotCall', value: null },
      'BAD_VALUE',
      'entry 1 (DoNotCall): a checkbox cannot be blank; use true or false',
      '[0].value'
    ],
    [
      'clearing a required field',
      { field: 'Company', value: '' },
      'BAD_VALUE',
      'entry 1 (Company): Company is required and cannot be cleared',
      '[0].value'
    ],
    [
      'an impossible date',
      { field: 'Last_Touch__c', value: '2026-02-30' },
      'BAD_VALUE',
      'entry 1 (Last_Touch__c): "2026-02-30" is not a date (YYYY-MM-DD) or {!Today}',
      '[0].value'
    ],
    [
      '{!Now} for a date',
      { field: 'Last_Touch__c', value: '{!Now}' },
      'BAD_VALUE',
      'entry 1 (Last_Touch__c): "{!Now}" is not a date (YYYY-MM-DD) or {!Today}',
      '[0].value'
    ],
    [
      'a number for a date',
      { field: 'Last_Touch__c', value: 20260301 },
      'BAD_VALUE',
      'entry 1 (Last_Touch__c): 20260301 is not a date (YYYY-MM-DD) or {!Today}',
      '[0].value'
    ],
    [
      'a date/time without zone',
      { field: 'Next_Call__c', value: '2026-03-01T10:00:00' },
      'BAD_VALUE',
      'entry 1 (Next_Call__c): "2026-03-01T10:00:00" is not a date/time with a time zone (2026-03-01T09:00:00Z), {!Now} or {!Today}',
      '[0].value'
    ],
    [
      'an impossible date/time',
      { field: 'Next_Call__c', value: '2026-02-30T10:00:00Z' },
      'BAD_VALUE',
      'entry 1 (Next_Call__c): "2026-02-30T10:00:00Z" is not a date/time with a time zone (2026-03-01T09:00:00Z), {!Now} or {!Today}',
      '[0].value'
    ],
    [
      'a number for a date/time',
      { field: 'Next_Call__c', value: 5 },
      'BAD_VALUE',
      'entry 1 (Next_Call__c): 5 is not a date/time with a time zone (2026-03-01T09:00:00Z), {!Now} or {!Today}',
      '[0].value'
    ],
    [
      'a bad email',
      { field: 'Email', value: 'ada@' },
      'BAD_VALUE',
      'entry 1 (Email): "ada@" is not an email address',
      '[0].value'
    ],
    [
      'a number for an email',
      { field: 'Email', value: 7 },
      'BAD_VALUE',
      'entry 1 (Email): 7 is not an email address',
      '[0].value'
    ],
    [
      'a boolean for text',
      { field: 'FirstName', value: true },
      'BAD_VALUE',
      'entry 1 (FirstName): true is not text',
      '[0].value'
    ],
    [
      'a name for a lookup',
      { field: 'SDR__c', value: 'Ada' },
      'BAD_VALUE',
      'entry 1 (SDR__c): "Ada" is not a record Id (15 or 18 characters)',
      '[0].value'
    ],
    [
      'a number for a lookup',
      { field: 'SDR__c', value: 5 },
      'BAD_VALUE',
      'entry 1 (SDR__c): 5 is not a record Id (15 or 18 characters)',
      '[0].value'
    ],
    [
      'an entry without field',
      { value: 1 },
      'BAD_FIELD_UPDATE',
      'entry 1: must be { "field": "<API name>", "value": … }',
      '[0]'
    ],
    [
      'an entry that is not an object',
      'Status',
      'BAD_FIELD_UPDATE',
      'entry 1: must be { "field": "<API name>", "value": … }',
      '[0]'
    ],
    [
      'a null entry',
      null,
      'BAD_FIELD_UPDATE',
      'entry 1: must be { "field": "<API name>", "value": … }',
      '[0]'
    ],
    [
      'an entry that is a list',
      ['Status', 'Working'],
      'BAD_FIELD_UPDATE',
      'entry 1: must be { "field": "<API name>", "value": … }',
      '[0]'
    ]
  ])('rejects %s', (_name, entry, code, message, path) => {
    expect(planFieldUpdates([entry], LEAD, CLOCK)).toEqual({ ok: false, error: [{ code, message, path }] });
  });

  it('reports every bad entry, numbered from 1, and duplicates', () => {
    expect(
      planFieldUpdates(
        [
          { field: 'Status', value: 'Working' },
          { field: 'Rating', value: 'Tepid' },
          { field: 'STATUS', value: 'Open' },
          { field: 'Nope', value: 1 }
        ],
        LEAD,
        CLOCK
      )
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_VALUE',
          message:
            'entry 2 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold',
          path: '[1].value'
        },
        {
          code: 'DUPLICATE_FIELD',
          message: 'entry 3 (STATUS): Status is already set by entry 1',
          path: '[2].field'
        },
        {
          code: 'UNKNOWN_FIELD',
          message: 'entry 4 (Nope): Lead has no field named "Nope"',
          path: '[3].field'
        }
      ]
    });
  });

  it('accepts any text for a picklist the describe lists no values for', () => {
    const describe = { name: 'X', fields: [{ name: 'Stage__c', type: 'picklist' as const }] };
    expect(planFieldUpdates([{ field: 'Stage__c', value: 'Anything' }], describe, CLOCK)).toEqual({
      ok: true,
      value: { Stage__c: 'Anything' }
    });
  });

  it.each<[string, unknown, Parameters<typeof planFieldUpdates>[2], { code: string; message: string }]>([
    [
      'broken JSON',
      '[{',
      CLOCK,
      { code: 'BAD_FIELD_UPDATES', message: expect.stringMatching(/^The field updates are not valid JSON: /) }
    ],
    [
      'an object',
      { field: 'Status', value: 'Working' },
      CLOCK,
      {
        code: 'BAD_FIELD_UPDATES',
        message: 'The field updates must be a list such as [{ "field": "Status", "value": "Working" }]'
      }
    ],
    [
      'a bad zone',
      [],
      { now: CLOCK.now, timeZone: 'Atlantis' },
      {
        code: 'BAD_TIME_ZONE',
        message: '"Atlantis" is not a time zone (use an IANA name such as Europe/Paris)'
      }
    ],
    [
      'a bad instant',
      [],
      { now: 'soon' },
      { code: 'BAD_NOW', message: 'The current instant "soon" is not a valid date/time' }
    ]
  ])('rejects %s', (_name, entries, clock, error) => {
    expect(planFieldUpdates(entries, LEAD, clock)).toEqual({ ok: false, error: [error] });
  });

  it('never throws, and either plans every entry or reports at least one error', () => {
    const field = fc.constantFrom(...LEAD.fields.map((f) => f.name), 'Nope');
    const value = fc.oneof(
      fc.anything(),
      fc.constantFrom('{!Today}', '{!Now}', 'Hot', 'AI;Cloud', '2026-03-01', '2026-03-01T10:00:00Z', 'true')
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ field, value }), fc.anything()), { maxLength: 5 }),
        (entries) => {
          const result = planFieldUpdates(entries, LEAD, CLOCK);
          if (result.ok) expect(Object.keys(result.value)).toHaveLength(entries.length);
          else expect(result.error.length).toBeGreaterThan(0);
        }
      )
    );
  });
});
