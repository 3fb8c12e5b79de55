import fc from 'fast-check';
import { CATALOG } from '../../__tests__/describeFixtures';
import { escapeHtml, mergeFieldPaths, parseTemplate, renderTemplate, validateTemplate } from '../template';

describe('parseTemplate', () => {
  it('splits text and merge fields, with positions and substitutes', () => {
    expect(parseTemplate('Hi {!Recipient.FirstName, there}! From {!Sender.Name}')).toEqual({
      ok: true,
      value: {
        parts: [
          { kind: 'text', text: 'Hi ' },
          {
            kind: 'merge',
            root: 'Recipient',
            path: 'FirstName',
            fallback: 'there',
            position: 4,
            source: '{!Recipient.FirstName, there}'
          },
          { kind: 'text', text: '! From ' },
          { kind: 'merge', root: 'Sender', path: 'Name', position: 40, source: '{!Sender.Name}' }
        ]
      }
    });
  });

  it.each<[string, unknown[]]>([
    ['', []],
    [
      'Plain text { not a merge } and {{{Recipient.FirstName}}}',
      [{ kind: 'text', text: 'Plain text { not a merge } and {{{Recipient.FirstName}}}' }]
    ],
    [
      '{!Contact.Account.Name}',
      [
        {
          kind: 'merge',
          root: 'Contact',
          path: 'Account.Name',
          position: 1,
          source: '{!Contact.Account.Name}'
        }
      ]
    ],
    [
      '{! Lead.FirstName ,"Valued Customer"}',
      [
        {
          kind: 'merge',
          root: 'Lead',
          path: 'FirstName',
          fallback: 'Valued Customer',
          position: 1,
          source: '{! Lead.FirstName ,"Valued Customer"}'
        }
      ]
    ],
    [
      '{!Lead.FirstName,}',
      [
        {
          kind: 'merge',
          root: 'Lead',
          path: 'FirstName',
          fallback: '',
          position: 1,
          source: '{!Lead.FirstName,}'
        }
      ]
    ]
  ])('parses %j', (template, parts) => {
    expect(parseTemplate(template)).toEqual({ ok: true, value: { parts } });
  });

  it.each<[string, Array<[string, number]>]>([
    [
      'Hi {!Lead.FirstName',
      [['The merge field starting at position 4 is not closed; add "}" (position 4)', 4]]
    ],
    [
      '{!Lead.Name {!Lead.Email}',
      [['The merge field starting at position 1 is not closed; add "}" (position 1)', 1]]
    ],
    ['Hi {!}', [['The merge field {!} is empty; write it as {!Lead.FirstName} (position 4)', 4]]],
    ['Hi {! , x}', [['The merge field {! , x} is empty; write it as {!Lead.FirstName} (position 4)', 4]]],
    [
      '{!FirstName}',
      [
        [
          '{!FirstName} is not a merge field; write it as {!Object.Field}, for example {!Lead.FirstName} (position 1)',
          1
        ]
      ]
    ],
    [
      '{!Lead.First Name}',
      [
        [
          '{!Lead.First Name} is not a merge field; write it as {!Object.Field}, for example {!Lead.FirstName} (position 1)',
          1
        ]
      ]
    ],
    [
      '{!Lead.}',
      [
        [
          '{!Lead.} is not a merge field; write it as {!Object.Field}, for example {!Lead.FirstName} (position 1)',
          1
        ]
      ]
    ],
    [
      '{!BLANKVALUE(Contact.FirstName, "x")}',
      [
        [
          'Formulas are not supported in merge fields ({!BLANKVALUE(Contact.FirstName, "x")}); for a substitute write {!Contact.FirstName, Valued Customer} (position 1)',
          1
        ]
      ]
    ],
    [
      'a {!} b {!1.x} c {!Lead.Name}',
      [
        ['The merge field {!} is empty; write it as {!Lead.FirstName} (position 3)', 3],
        [
          '{!1.x} is not a merge field; write it as {!Object.Field}, for example {!Lead.FirstName} (position 9)',
          9
        ]
      ]
    ]
  ])('reports bad syntax in %j', (template, problems) => {
    expect(parseTemplate(template)).toEqual({
      ok: false,
      error: problems.map(([message, position]) => ({ code: 'BAD_MERGE_SYNTAX', message, position }))
    });
  });
});

describe('mergeFieldPaths', () => {
  it('groups paths by root without duplicates', () => {
    expect(
      mergeFieldPaths(
        'Hi {!Recipient.FirstName}, {!Contact.Account.Name} — {!Sender.Name} {!Recipient.FirstName, x}'
      )
    ).toEqual({
      Recipient: ['FirstName'],
      Contact: ['Account.Name'],
      Sender: ['Name']
    });
  });

  it('spells the Recipient and Sender roots one way, whatever the case written', () => {
    expect(
      mergeFieldPaths('{!recipient.FirstName} {!RECIPIENT.LastName} {!sender.Name} {!lead.Email}')
    ).toEqual({
      Recipient: ['FirstName', 'LastName'],
      Sender: ['Name'],
      lead: ['Email']
    });
  });

  it('reads what it can from a template with bad syntax, and takes a parsed template', () => {
    expect(mergeFieldPaths('{!} {!Lead.Email} {!Lead.')).toEqual({ Lead: ['Email'] });
    expect(mergeFieldPaths('no merge fields')).toEqual({});
    const parsed = parseTemplate('{!Lead.Email}');
    expect(parsed.ok && mergeFieldPaths(parsed.value)).toEqual({ Lead: ['Email'] });
  });
});

describe('validateTemplate', () => {
  it('accepts known fields under every allowed root, in any case', () => {
    const template =
      '{!Lead.FirstName} {!recipient.owner.name} {!Sender.Manager.Email} {!Opportunity.Account.Name}';
    const result = validateTemplate(template, CATALOG, {
      recipientObject: 'Lead',
      relatedObject: 'Opportunity'
    });
    expect(result.ok).toBe(true);
  });

  it('reports unknown roots, fields and relationships with their positions', () => {
    expect(
      validateTemplate(
        'Hi {!Lead.FristName} at {!Account.Name}, {!Contact.Acount.Name} {!Sender.Nope}',
        CATALOG,
        { recipientObject: 'Contact' }
      )
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_MERGE_SYNTAX',
          message:
            '{!Lead.FristName}: Lead is not available here; use Contact, Recipient or Sender (position 4)',
          position: 4
        },
        {
          code: 'BAD_MERGE_SYNTAX',
          message:
            '{!Account.Name}: Account is not available here; use Contact, Recipient or Sender (position 25)',
          position: 25
        },
        {
          code: 'BAD_MERGE_SYNTAX',
          message:
            '{!Contact.Acount.Name}: Contact has no relationship named "Acount" (in "Acount.Name") (position 42)',
          position: 42
        },
        {
          code: 'BAD_MERGE_SYNTAX',
          message: '{!Sender.Nope}: User has no field named "Nope" (position 65)',
          position: 65
        }
      ]
    });
  });

  it('reports syntax errors before looking at describes', () => {
    expect(validateTemplate('{!Lead.Email', CATALOG, { recipientObject: 'Lead' })).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_MERGE_SYNTAX',
          message: 'The merge field starting at position 1 is not closed; add "}" (position 1)',
          position: 1
        }
      ]
    });
  });

  it('uses the sender object given', () => {
    const result = validateTemplate('{!Sender.Industry}', CATALOG, {
      recipientObject: 'Lead',
      senderObject: 'Account'
    });
    expect(result.ok).toBe(true);
  });
});

describe('renderTemplate', () => {
  const values = {
    Recipient: {
      FirstName: 'Ann',
      Street: '1 Main St\r\nSuite <2>\nSpringfield\rUSA',
      Account: { Name: 'Smith & <Sons>' }
    },
    Sender: { Name: 'Bob "B" O\'Neil', Title: null },
    Opportunity: { Amount: 1200.5, IsWon: false }
  };

  it.each<[string, 'html' | 'text', string, string[]]>([
    ['Hi {!Recipient.FirstName}', 'text', 'Hi Ann', []],
    ['<p>{!Recipient.Account.Name}</p>', 'html', '<p>Smith &amp; &lt;Sons&gt;</p>', []],
    ['{!Recipient.Account.Name}', 'text', 'Smith & <Sons>', []],
    ['<p>{!Recipient.Street}</p>', 'html', '<p>1 Main St<br>Suite &lt;2&gt;<br>Springfield<br>USA</p>', []],
    ['{!Recipient.Street}', 'text', '1 Main St\r\nSuite <2>\nSpringfield\rUSA', []],
    ['{!Sender.Name}', 'html', 'Bob &quot;B&quot; O&#39;Neil', []],
    ['{!Sender.Title, Sales <Team>}', 'html', 'Sales &lt;Team&gt;', []],
    ['{!Sender.Title, Sales <Team>}', 'text', 'Sales <Team>', []],
    ['[{!Sender.Title}] [{!Sender.Title}]', 'text', '[] []', ['Sender.Title']],
    ['{!Opportunity.Amount} {!Opportunity.IsWon}', 'text', '1200.5 false', []],
    ['{!recipient.firstname}', 'text', 'Ann', []],
    ['{!Lead.FirstName, friend}', 'text', 'friend', []], // root without a record
    ['{!Recipient.Account}', 'text', '', ['Recipient.Account']] // an object is not a value
  ])('renders %j as %s', (template, format, text, missing) => {
    expect(renderTemplate(template, values, { format })).toEqual({ ok: true, value: { text, missing } });
  });

  it('finds a record whatever the case of its key', () => {
    expect(renderTemplate('{!Lead.Company}', { lead: { company: 'Acme' } }, { format: 'text' })).toEqual({
      ok: true,
      value: { text: 'Acme', missing: [] }
    });
  });

  it('renders a parsed template and refuses bad syntax', () => {
    const parsed = parseTemplate('Hi {!Recipient.FirstName}');
    expect(parsed.ok && renderTemplate(parsed.value, values, { format: 'text' })).toEqual({
      ok: true,
      value: { text: 'Hi Ann', missing: [] }
    });
    expect(renderTemplate('Hi {!Recipient', values, { format: 'text' })).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_MERGE_SYNTAX',
          message: 'The merge field starting at position 4 is not closed; add "}" (position 4)',
          position: 4
        }
      ]
    });
  });

  it('never lets a merged value add markup in HTML', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const rendered = renderTemplate(
          '<p>{!Recipient.FirstName}</p>',
          { Recipient: { FirstName: value } },
          { format: 'html' }
        );
        const text = rendered.ok ? rendered.value.text : '';
        expect(text.slice(3, -4).replace(/<br>/g, '')).not.toMatch(/[<>"']/);
      })
    );
  });

  it('never throws, whatever the template text or the records hold', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        '{',
        '!',
        '}',
        '.',
        ',',
        'Lead',
        'Recipient',
        'FirstName',
        'Account',
        ' ',
        '"',
        '('
      )
    });
    fc.assert(
      fc.property(
        text,
        fc.dictionary(fc.constantFrom('Lead', 'Recipient', 'Sender'), fc.anything()),
        fc.constantFrom<'html' | 'text'>('html', 'text'),
        (template, records, format) => {
          const rendered = renderTemplate(template, records as never, { format });
          const validated = validateTemplate(template, CATALOG, { recipientObject: 'Lead' });
          expect(rendered.ok).toBe(parseTemplate(template).ok);
          if (validated.ok) expect(rendered.ok).toBe(true);
        }
      )
    );
  });

  it('inserts values as they are in text', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => s.trim() !== ''),
        (value) => {
          expect(
            renderTemplate('{!Recipient.FirstName}', { Recipient: { FirstName: value } }, { format: 'text' })
          ).toEqual({
            ok: true,
            value: { text: value, missing: [] }
          });
        }
      )
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;'
    );
  });
});
