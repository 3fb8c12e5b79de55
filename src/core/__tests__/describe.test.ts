import {
  findField,
  findObject,
  fromObjectInfo,
  fromSObjectDescribe,
  readFieldPath,
  resolveFieldPath,
  toFieldType
} from '../describe';
import { CATALOG, CONTACT } from './describeFixtures';

describe('toFieldType', () => {
  it.each<[string, string | undefined]>([
    ['string', 'string'],
    ['DateTime', 'datetime'],
    ['MultiPicklist', 'multipicklist'],
    ['TextArea', 'textarea'],
    ['Int', 'int'],
    ['ComboBox', 'picklist'],
    ['EncryptedString', 'string'],
    ['Long', 'int'],
    ['address', undefined],
    ['time', undefined],
    ['base64', undefined]
  ])('maps %s to %s', (type, expected) => {
    expect(toFieldType(type)).toBe(expected);
  });
});

describe('fromSObjectDescribe', () => {
  it('keeps the fields the core understands, with the properties it reads', () => {
    expect(
      fromSObjectDescribe({
        name: 'Lead',
        label: 'Lead',
        fields: [
          {
            name: 'Rating',
            label: 'Rating',
            type: 'picklist',
            picklistValues: [{ value: 'Hot', label: null, active: true }],
            nillable: true,
            updateable: true
          },
          { name: 'Address', type: 'address' },
          { name: 'OwnerId', type: 'reference', referenceTo: ['User', 'Group'], relationshipName: 'Owner' },
          { name: 'Name', type: 'string', referenceTo: [], relationshipName: null, picklistValues: [] }
        ]
      })
    ).toEqual({
      name: 'Lead',
      label: 'Lead',
      fields: [
        {
          name: 'Rating',
          label: 'Rating',
          type: 'picklist',
          picklistValues: [{ value: 'Hot', label: 'Hot', active: true }],
          nillable: true,
          updateable: true
        },
        { name: 'OwnerId', type: 'reference', referenceTo: ['User', 'Group'], relationshipName: 'Owner' },
        { name: 'Name', type: 'string' }
      ]
    });
  });
});

describe('fromObjectInfo', () => {
  it('maps objectInfo data types and takes picklist values from getPicklistValues', () => {
    expect(
      fromObjectInfo(
        {
          apiName: 'Contact',
          label: 'Contact',
          fields: {
            AccountId: {
              apiName: 'AccountId',
              label: 'Account ID',
              dataType: 'Reference',
              referenceToInfos: [{ apiName: 'Account' }],
              relationshipName: 'Account',
              updateable: true,
              nillable: true
            },
            Level__c: {
              apiName: 'Level__c',
              dataType: 'Picklist',
              referenceToInfos: [],
              relationshipName: null
            },
            MailingAddress: { apiName: 'MailingAddress', dataType: 'Address' },
            Birthdate: { apiName: 'Birthdate', dataType: 'Date' }
          }
        },
        { Level__c: { values: [{ value: 'Primary', label: 'Primary' }, { value: 'Secondary' }] } }
      )
    ).toEqual({
      name: 'Contact',
      label: 'Contact',
      fields: [
        {
          name: 'AccountId',
          label: 'Account ID',
          type: 'reference',
          referenceTo: ['Account'],
          relationshipName: 'Account',
          updateable: true,
          nillable: true
        },
        {
          name: 'Level__c',
          type: 'picklist',
          picklistValues: [
            { value: 'Primary', label: 'Primary', active: true },
            { value: 'Secondary', label: 'Secondary', active: true }
          ]
        },
        { name: 'Birthdate', type: 'date' }
      ]
    });
  });

  it('works without picklists', () => {
    expect(
      fromObjectInfo({ apiName: 'Lead', fields: { Email: { apiName: 'Email', dataType: 'Email' } } })
    ).toEqual({
      name: 'Lead',
      fields: [{ name: 'Email', type: 'email' }]
    });
  });
});

describe('findObject and findField', () => {
  it('ignore case', () => {
    expect(findObject(CATALOG, 'contact')).toBe(CONTACT);
    expect(findObject(CATALOG, 'Contact')).toBe(CONTACT);
    expect(findObject(CATALOG, 'Campaign')).toBeUndefined();
    expect(findField(CONTACT, 'accountid')).toEqual({
      name: 'AccountId',
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account'
    });
    expect(findField(CONTACT, 'Nope')).toBeUndefined();
  });
});

describe('resolveFieldPath', () => {
  it.each<[string, string, string, string]>([
    ['Contact', 'firstname', 'FirstName', 'Contact'],
    ['Contact', 'account.industry', 'Account.Industry', 'Account'],
    ['Contact', 'Account.Parent.Owner.Manager.Name', 'Account.Parent.Owner.Manager.Name', 'User'],
    ['Lead', 'Owner.Name', 'Owner.Name', 'User'] // polymorphic: the first target the catalog has
  ])('%s.%s resolves to %s on %s', (objectName, path, spelled, owner) => {
    const result = resolveFieldPath(CATALOG, objectName, path);
    expect(result.ok && { path: result.value.path, objectName: result.value.objectName }).toEqual({
      path: spelled,
      objectName: owner
    });
  });

  it.each<[string, string, string, string]>([
    ['Contact', '', 'BAD_FIELD_PATH', '"" is not a field name or a path such as Account.Name'],
    [
      'Contact',
      'Account.',
      'BAD_FIELD_PATH',
      '"Account." is not a field name or a path such as Account.Name'
    ],
    [
      'Contact',
      'Account Name',
      'BAD_FIELD_PATH',
      '"Account Name" is not a field name or a path such as Account.Name'
    ],
    ['Contact', 'A.B.C.D.E.F.G', 'PATH_TOO_DEEP', '"A.B.C.D.E.F.G" follows more than 5 relationships'],
    ['Campaign', 'Name', 'UNKNOWN_OBJECT', 'No describe for object Campaign'],
    [
      'Contact',
      'Partner__r.Name',
      'UNKNOWN_OBJECT',
      'No describe for Partner__c, the object Contact.Partner__r points to'
    ],
    [
      'Contact',
      'Acount.Name',
      'UNKNOWN_RELATIONSHIP',
      'Contact has no relationship named "Acount" (in "Acount.Name")'
    ],
    [
      'Contact',
      'AccountId.Name',
      'UNKNOWN_RELATIONSHIP',
      'Contact has no relationship named "AccountId" (in "AccountId.Name")'
    ],
    ['Contact', 'Nope', 'UNKNOWN_FIELD', 'Contact has no field named "Nope"'],
    ['Contact', 'Account.Nope', 'UNKNOWN_FIELD', 'Account has no field named "Nope" (in "Account.Nope")']
  ])('%s %j fails with %s', (objectName, path, code, message) => {
    expect(resolveFieldPath(CATALOG, objectName, path)).toEqual({ ok: false, error: { code, message } });
  });

  it('reports a lookup without targets', () => {
    const catalog = {
      X: {
        name: 'X',
        fields: [
          { name: 'PlainId', type: 'reference' as const },
          { name: 'LinkId', type: 'reference' as const, relationshipName: 'Link' }
        ]
      }
    };
    expect(resolveFieldPath(catalog, 'X', 'Link.Name')).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_OBJECT', message: 'No describe for nothing, the object X.Link points to' }
    });
  });
});

describe('readFieldPath', () => {
  it.each<[Record<string, unknown> | null | undefined, string, unknown]>([
    [{ Name: 'Ada' }, 'Name', 'Ada'],
    [{ name: 'Ada' }, 'Name', 'Ada'],
    [{ Account: { Name: 'Acme' } }, 'Account.Name', 'Acme'],
    [{ account: { name: 'Acme' } }, 'Account.Name', 'Acme'],
    [{ Account: null }, 'Account.Name', null],
    [{ Account: 'oops' }, 'Account.Name', null],
    [{}, 'Name', null],
    [{ Name: undefined }, 'Name', null],
    [null, 'Name', null],
    [undefined, 'Name', null],
    [{ Score: 0 }, 'Score', 0],
    [{ Flag: false }, 'Flag', false]
  ])('reads %j at %s as %j', (record, path, expected) => {
    expect(readFieldPath(record, path)).toEqual(expected);
  });
});
