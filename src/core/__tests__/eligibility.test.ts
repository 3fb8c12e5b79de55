import fc from 'fast-check';
import {
  checkEligibility,
  type EligibilityInput,
  type EligibilityReason,
  eligibilityDisposition,
  isBlankEmailBody,
  isValidEmailAddress,
  looksLikePhoneNumber
} from '../eligibility';
import { isValidMobile, normalizeMobile } from '../mobile';

const lead = {
  Email: 'ada@example.com',
  HasOptedOutOfEmail: false,
  DoNotCall: false,
  MobilePhone: '+1 415 555 2671',
  IsConverted: false
};

describe('checkEligibility', () => {
  it.each<[string, EligibilityInput, EligibilityReason | null]>([
    ['a deleted record (missing)', { type: 'Task', record: null }, 'RECORD_DELETED'],
    ['a deleted record (undefined)', { type: 'Call', record: undefined }, 'RECORD_DELETED'],
    [
      'a deleted record (IsDeleted)',
      { type: 'Email', record: { ...lead, IsDeleted: true } },
      'RECORD_DELETED'
    ],
    ['a converted lead', { type: 'Call', record: { ...lead, IsConverted: true } }, 'LEAD_CONVERTED'],
    ['a Task for a live record', { type: 'Task', record: lead }, null],
    ['an email', { type: 'Email', record: lead }, null],
    [
      'an email to an opted-out person',
      { type: 'Email', record: { ...lead, HasOptedOutOfEmail: true } },
      'EMAIL_OPT_OUT'
    ],
    [
      'opt-out comes before a blank address',
      { type: 'Email', record: { HasOptedOutOfEmail: true } },
      'EMAIL_OPT_OUT'
    ],
    ['an email without address', { type: 'Email', record: { ...lead, Email: null } }, 'BLANK_EMAIL_ADDRESS'],
    [
      'an email with a blank address',
      { type: 'Email', record: { ...lead, Email: '  ' } },
      'BLANK_EMAIL_ADDRESS'
    ],
    [
      'an email with a bad address',
      { type: 'Email', record: { ...lead, Email: 'ada@example' } },
      'INVALID_EMAIL_ADDRESS'
    ],
    [
      'an automatic email with an empty body',
      { type: 'Email', record: lead, activation: 'Automatic', emailBody: '<p>&nbsp;</p>' },
      'EMPTY_EMAIL_BODY'
    ],
    [
      'an automatic email without body',
      { type: 'Email', record: lead, activation: 'Automatic' },
      'EMPTY_EMAIL_BODY'
    ],
    [
      'an automatic email with a body',
      { type: 'Email', record: lead, activation: 'Automatic', emailBody: '<p>Hi</p>' },
      null
    ],
    [
      'a manual email with an empty body (the rep writes it)',
      { type: 'Email', record: lead, activation: 'Manual', emailBody: '' },
      null
    ],
    ['a call', { type: 'Call', record: lead }, null],
    ['a call to Do Not Call', { type: 'Call', record: { ...lead, DoNotCall: true } }, 'DO_NOT_CALL'],
    ['an email to Do Not Call', { type: 'Email', record: { ...lead, DoNotCall: true } }, null],
    ['an SMS', { type: 'SMS', record: lead }, null],
    [
      'an SMS to someone who texted STOP',
      { type: 'SMS', record: { ...lead, SMS_Opt_Out__c: true } },
      'SMS_OPT_OUT'
    ],
    ['an SMS without mobile', { type: 'SMS', record: { ...lead, MobilePhone: null } }, 'INVALID_MOBILE'],
    [
      'an SMS to a mobile that is not a number',
      { type: 'SMS', record: { ...lead, MobilePhone: 'ask reception' } },
      'INVALID_MOBILE'
    ],
    [
      'an SMS with the full validator',
      {
        type: 'SMS',
        record: { ...lead, MobilePhone: '06 12 34 56 78' },
        defaultRegion: 'FR',
        mobileValidator: isValidMobile
      },
      null
    ],
    [
      'an SMS to a landline with the full validator',
      {
        type: 'SMS',
        record: { ...lead, MobilePhone: '01 42 68 53 00' },
        defaultRegion: 'FR',
        mobileValidator: isValidMobile
      },
      'INVALID_MOBILE'
    ],
    [
      'an SMS read in the default US region',
      { type: 'SMS', record: { ...lead, MobilePhone: '(415) 555-2671' }, mobileValidator: isValidMobile },
      null
    ]
  ])('%s → %s', (_name, input, expected) => {
    expect(checkEligibility(input)).toBe(expected);
  });
});

describe('eligibilityDisposition', () => {
  it.each<[EligibilityReason, string]>([
    ['RECORD_DELETED', 'exit'],
    ['LEAD_CONVERTED', 'exit'],
    ['EMAIL_OPT_OUT', 'skip'],
    ['BLANK_EMAIL_ADDRESS', 'skip'],
    ['INVALID_EMAIL_ADDRESS', 'skip'],
    ['DO_NOT_CALL', 'skip'],
    ['INVALID_MOBILE', 'skip'],
    ['EMPTY_EMAIL_BODY', 'manual']
  ])('%s → %s', (reason, disposition) => {
    expect(eligibilityDisposition(reason)).toBe(disposition);
  });
});

describe('isValidEmailAddress', () => {
  it.each<[string, boolean]>([
    ['ada@example.com', true],
    [' ada.lovelace+crm@mail.example.co.uk ', true],
    ["o'neil@example.io", true],
    ['ada@example', false],
    ['ada example@example.com', false],
    ['ada@@example.com', false],
    ['@example.com', false],
    ['ada@-example.com', false],
    ['ada..b@example.com', false],
    ['ada@example..com', false],
    ['ada@example.c', false],
    [`${'a'.repeat(250)}@example.com`, false]
  ])('%j → %s', (address, expected) => {
    expect(isValidEmailAddress(address)).toBe(expected);
  });
});

describe('looksLikePhoneNumber', () => {
  it.each<[string, boolean]>([
    ['+1 (415) 555-2671', true],
    ['06.12.34.56.78', true],
    ['0612345', false], // 7 digits
    ['+1234567890123456', false], // 16 digits
    ['+1 415 555 2671 ext 12', false],
    ['++14155552671', false],
    ['', false]
  ])('%j → %s', (number, expected) => {
    expect(looksLikePhoneNumber(number)).toBe(expected);
  });
});

describe('isBlankEmailBody', () => {
  it.each<[string | null | undefined, boolean]>([
    [null, true],
    [undefined, true],
    ['', true],
    ['  \n ', true],
    ['<p>&nbsp;</p><br/><div> &#160; </div>', true],
    ['<!-- {!Lead.FirstName} --><p></p>', true],
    ['<html><head><title>Offer</title></head><body><style>p{}</style></body></html>', true],
    ['<p>Hi</p>', false],
    ['Hi', false],
    ['<img src="banner.png">', true]
  ])('%j → %s', (body, expected) => {
    expect(isBlankEmailBody(body)).toBe(expected);
  });
});

describe('normalizeMobile', () => {
  it.each<[string, string, unknown]>([
    ['06 12 34 56 78', 'FR', { ok: true, value: '+33612345678' }],
    ['(415) 555-2671', 'us', { ok: true, value: '+14155552671' }],
    ['+44 7911 123456', 'US', { ok: true, value: '+447911123456' }],
    [
      '01 42 68 53 00',
      'FR',
      {
        ok: false,
        error: { code: 'INVALID_MOBILE', message: '"01 42 68 53 00" is not a valid mobile number for FR' }
      }
    ],
    [
      '+44 20 7946 0958',
      'US',
      {
        ok: false,
        error: { code: 'INVALID_MOBILE', message: '"+44 20 7946 0958" is not a valid mobile number' }
      }
    ],
    [
      'call me',
      'US',
      {
        ok: false,
        error: { code: 'INVALID_MOBILE', message: '"call me" is not a valid mobile number for US' }
      }
    ],
    [
      '555',
      'XX',
      {
        ok: false,
        error: {
          code: 'BAD_REGION',
          message: '"XX" is not a supported country code (use ISO codes such as US or FR)'
        }
      }
    ]
  ])('%j in %s', (number, region, expected) => {
    expect(normalizeMobile(number, region)).toEqual(expected);
  });
});

describe('checkEligibility properties', () => {
  it('never throws and answers null or a reason, whatever the record holds', () => {
    const reasons = [
      'RECORD_DELETED',
      'LEAD_CONVERTED',
      'EMAIL_OPT_OUT',
      'BLANK_EMAIL_ADDRESS',
      'INVALID_EMAIL_ADDRESS',
      'EMPTY_EMAIL_BODY',
      'DO_NOT_CALL',
      'INVALID_MOBILE'
    ];
    const record = fc.option(
      fc.dictionary(
        fc.constantFrom(
          'Email',
          'HasOptedOutOfEmail',
          'DoNotCall',
          'MobilePhone',
          'IsConverted',
          'IsDeleted'
        ),
        fc.anything()
      ),
      { nil: null }
    );
    fc.assert(
      fc.property(
        fc.constantFrom('Call', 'SMS', 'Email', 'Task') as fc.Arbitrary<'Call'>,
        record,
        fc.option(fc.string(), { nil: undefined }),
        (type, rec, body) => {
          const reason = checkEligibility({ type, record: rec, activation: 'Automatic', emailBody: body });
          expect(reason === null || reasons.includes(reason)).toBe(true);
        }
      )
    );
  });
});
