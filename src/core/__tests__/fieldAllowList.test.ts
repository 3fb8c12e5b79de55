import {
  criteriaFieldRefusals,
  fieldRefusal,
  PACKAGE_FIELD_ALLOW_LIST,
  templateFieldRefusals,
  withExtraFields
} from '../fieldAllowList';

describe('field allow-list', () => {
  it('lets Stride read and write what the package allows, case-insensitively', () => {
    expect([
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'firstname', 'read'),
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Contact', 'Account.Name', 'read'),
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'Status', 'write'),
      // A writable field is readable too.
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Opportunity', 'Description', 'read')
    ]).toEqual([null, null, null, null]);
  });

  it('refuses ownership, opt-outs and fields the package does not list', () => {
    expect([
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'OwnerId', 'write'),
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Contact', 'HasOptedOutOfEmail', 'write'),
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'SSN__c', 'read'),
      fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Account', 'Name', 'read')
    ]).toEqual([
      'Lead.OwnerId is not a field Stride may write (not on its field allow-list)',
      'Contact.HasOptedOutOfEmail is not a field Stride may write (not on its field allow-list)',
      'Lead.SSN__c is not a field Stride may read (not on its field allow-list)',
      'Account.Name is not a field Stride may read (not on its field allow-list)'
    ]);
  });

  it("adds an org's own fields, for reading or writing", () => {
    const list = withExtraFields(PACKAGE_FIELD_ALLOW_LIST, [
      'Lead.Score__c',
      'Contact.Tier__c:write',
      'Account.Name'
    ]);
    expect([
      fieldRefusal(list, 'Lead', 'Score__c', 'read'),
      fieldRefusal(list, 'Lead', 'Score__c', 'write'),
      fieldRefusal(list, 'Contact', 'Tier__c', 'write'),
      fieldRefusal(list, 'Account', 'Name', 'read')
    ]).toEqual([
      null,
      'Lead.Score__c is not a field Stride may write (not on its field allow-list)',
      null,
      null
    ]);
    // The package's list is left as it was.
    expect(fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'Score__c', 'read')).not.toBeNull();
    expect(() => withExtraFields(PACKAGE_FIELD_ALLOW_LIST, ['Score__c'])).toThrow(
      'allowFields: "Score__c" is not Object.Field or Object.Field:write'
    );
  });

  it('checks every merge field of a template against its root object', () => {
    expect(
      templateFieldRefusals(
        PACKAGE_FIELD_ALLOW_LIST,
        'Hi {!Recipient.FirstName}, {!Sender.Name} at {!Organization.Name}. {!Recipient.SSN__c} {!Sender.FederationIdentifier} {!Campaign.Name}',
        'Contact'
      )
    ).toEqual([
      'Contact.SSN__c is not a field Stride may read (not on its field allow-list)',
      'User.FederationIdentifier is not a field Stride may read (not on its field allow-list)'
    ]);
    expect(templateFieldRefusals(PACKAGE_FIELD_ALLOW_LIST, '{!Custom.Thing}', 'Lead')).toEqual([
      'Custom.Thing is not a field Stride may read (not on its field allow-list)'
    ]);
  });

  it('checks the fields criteria read', () => {
    expect(
      criteriaFieldRefusals(
        PACKAGE_FIELD_ALLOW_LIST,
        {
          conditions: [
            { field: 'Status', operator: 'isBlank' },
            { field: 'Secret__c', operator: 'isBlank' }
          ]
        } as never,
        'Lead'
      )
    ).toEqual(['Lead.Secret__c is not a field Stride may read (not on its field allow-list)']);
  });
});
