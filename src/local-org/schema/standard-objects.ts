/**
 * The standard objects Stride uses (docs/architecture.md §2), with the fields Stride reads or writes and the
 * behaviour flags that matter (read-only derived fields, required fields, restricted picklists).
 * The audit fields, Id, IsDeleted and (where `owned`) OwnerId are added by the registry.
 */
import { FieldSpec, picklist } from './types';

export interface StandardObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  owned: boolean;
  /** Objects the API cannot write (Organization, TaskStatus): createable/updateable/deletable false. */
  readOnly?: boolean;
  fields: FieldSpec[];
}

const readOnly = { createable: false, updateable: false } as const;
const stored = { computation: { kind: 'stored' as const }, createable: false, updateable: false };
const ref = (
  name: string,
  to: string[],
  relationshipName: string,
  extra: Partial<FieldSpec> = {}
): FieldSpec => ({
  name,
  type: 'reference',
  referenceTo: to,
  relationshipName,
  ...extra
});
const text = (name: string, length = 255, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'string',
  length,
  ...extra
});
const bool = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'boolean',
  ...extra
});
const pick = (name: string, values: readonly string[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'picklist',
  picklistValues: picklist(values),
  ...extra
});

const HOURS = Array.from({ length: 24 }, (_, h) => String(h));
const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted'
];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const INDUSTRIES = [
  'Agriculture',
  'Banking',
  'Communications',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Finance',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Manufacturing',
  'Media',
  'Retail',
  'Technology',
  'Other'
];
const TIME_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Phoenix',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'GMT'
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Person fields shared by Lead and Contact. Name is the compound of FirstName and LastName. */
const personFields = (): FieldSpec[] => [
  text('FirstName', 40),
  text('LastName', 80, { required: true, nillable: false }),
  { name: 'Name', type: 'string', length: 121, nameField: true, ...stored },
  text('Title', 128),
  { name: 'Email', type: 'email', length: 80 },
  { name: 'Phone', type: 'phone', length: 40 },
  { name: 'MobilePhone', type: 'phone', length: 40 },
  bool('HasOptedOutOfEmail'),
  bool('DoNotCall'),
  bool('IsEmailBounced'),
  pick('LeadSource', LEAD_SOURCES),
  { name: 'Description', type: 'textarea', length: 32000 }
];

/**
 * An address: its component fields and the read-only compound (`BillingAddress`, or `Address` for
 * a Lead) that SOQL and retrieve return as one object.
 */
const address = (prefix: string): FieldSpec[] => {
  const compound = `${prefix}Address`;
  const part = (spec: FieldSpec): FieldSpec => ({ ...spec, compoundFieldName: compound });
  return [
    part({ name: `${prefix}Street`, type: 'textarea', length: 255 }),
    part(text(`${prefix}City`, 40)),
    part(text(`${prefix}State`, 80)),
    part(text(`${prefix}PostalCode`, 20)),
    part(text(`${prefix}Country`, 80)),
    part({ name: `${prefix}Latitude`, type: 'double', precision: 18, scale: 15 }),
    part({ name: `${prefix}Longitude`, type: 'double', precision: 18, scale: 15 }),
    part(pick(`${prefix}GeocodeAccuracy`, GEOCODE_ACCURACY)),
    {
      name: compound,
      type: 'address',
      label: prefix ? `${prefix} Address` : 'Address',
      computation: {
        kind: 'compound',
        components: {
          city: `${prefix}City`,
          country: `${prefix}Country`,
          geocodeAccuracy: `${prefix}GeocodeAccuracy`,
          latitude: `${prefix}Latitude`,
          longitude: `${prefix}Longitude`,
          postalCode: `${prefix}PostalCode`,
          state: `${prefix}State`,
          street: `${prefix}Street`
        }
      },
      createable: false,
      updateable: false
    }
  ];
};

const GEOCODE_ACCURACY = [
  'Address',
  'NearAddress',
  'Block',
  'Street',
  'ExtendedZip',
  'Zip',
  'Neighborhood',
  'City',
  'County',
  'State',
  'Unknown'
];

/** LastActivityDate, computed from the closed tasks linked through these Task fields. */
const lastActivity = (...taskFields: string[]): FieldSpec => ({
  name: 'LastActivityDate',
  type: 'date',
  label: 'Last Activity',
  computation: { kind: 'lastActivity', taskFields },
  createable: false,
  updateable: false
});

export const STANDARD_OBJECTS: StandardObjectSpec[] = [
  {
    name: 'Organization',
    label: 'Organization',
    labelPlural: 'Organizations',
    keyPrefix: '00D',
    owned: false,
    readOnly: true,
    fields: [
      text('Name', 80, { nameField: true }),
      text('InstanceName', 5),
      bool('IsSandbox'),
      { name: 'TrialExpirationDate', type: 'datetime' },
      text('NamespacePrefix', 15),
      text('OrganizationType', 40),
      pick('DefaultLocaleSidKey', ['en_US']),
      pick('TimeZoneSidKey', TIME_ZONES),
      pick('LanguageLocaleKey', ['en_US'])
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    owned: false,
    fields: [
      text('Username', 80, { required: true, nillable: false, unique: true }),
      text('FirstName', 40),
      text('LastName', 80, { required: true, nillable: false }),
      { name: 'Name', type: 'string', length: 121, nameField: true, ...stored },
      text('Alias', 8),
      { name: 'Email', type: 'email', length: 128, required: true, nillable: false },
      text('Title', 80),
      { name: 'Phone', type: 'phone', length: 40 },
      { name: 'MobilePhone', type: 'phone', length: 40 },
      bool('IsActive', { defaultValue: true }),
      pick('TimeZoneSidKey', TIME_ZONES, { required: true, nillable: false, restrictedPicklist: true }),
      pick('LocaleSidKey', ['en_US', 'en_GB', 'de_DE', 'fr_FR'], { defaultValue: 'en_US' }),
      pick('LanguageLocaleKey', ['en_US'], { defaultValue: 'en_US' }),
      pick('EmailEncodingKey', ['UTF-8'], { defaultValue: 'UTF-8' }),
      pick('StartDay', HOURS),
      pick('EndDay', HOURS),
      ref('ManagerId', ['User'], 'Manager'),
      text('SenderEmail', 80),
      text('SenderName', 80),
      pick('UserType', ['Standard', 'AutomatedProcess'], { defaultValue: 'Standard', ...readOnly }),
      ref('UserRoleId', ['UserRole'], 'UserRole'),
      ref('ProfileId', ['Profile'], 'Profile')
    ]
  },
  // Who may do what (src/local-org/security): roles for the hierarchy, profiles for the baseline,
  // permission sets loaded from the package and their assignments.
  {
    name: 'UserRole',
    label: 'Role',
    labelPlural: 'Roles',
    keyPrefix: '00E',
    owned: false,
    fields: [
      text('Name', 80, { nameField: true, required: true, nillable: false }),
      text('DeveloperName', 80),
      ref('ParentRoleId', ['UserRole'], 'ParentRole')
    ]
  },
  {
    name: 'Profile',
    label: 'Profile',
    labelPlural: 'Profiles',
    keyPrefix: '00e',
    owned: false,
    readOnly: true,
    fields: [
      text('Name', 255, { nameField: true }),
      bool('PermissionsViewAllData'),
      bool('PermissionsModifyAllData')
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'PermissionSet',
    label: 'Permission Set',
    labelPlural: 'Permission Sets',
    keyPrefix: '0PS',
    owned: false,
    readOnly: true,
    fields: [
      text('Name', 80),
      text('Label', 80, { nameField: true }),
      text('NamespacePrefix', 15),
      bool('IsOwnedByProfile'),
      // Set on the permission set that carries a profile's permissions (IsOwnedByProfile).
      ref('ProfileId', ['Profile'], 'Profile')
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  // What each permission set (a profile's own included) grants on objects and fields, as Salesforce
  // serves them: the companion reads them to check the access of the admin who saved a field
  // update, criteria or a template (src/local-org/security/permission-rows.ts seeds them).
  {
    name: 'ObjectPermissions',
    label: 'Object Permissions',
    labelPlural: 'Object Permissions',
    keyPrefix: '110',
    owned: false,
    readOnly: true,
    fields: [
      ref('ParentId', ['PermissionSet'], 'Parent'),
      text('SobjectType', 255),
      bool('PermissionsRead'),
      bool('PermissionsCreate'),
      bool('PermissionsEdit'),
      bool('PermissionsDelete'),
      bool('PermissionsViewAllRecords'),
      bool('PermissionsModifyAllRecords')
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'FieldPermissions',
    label: 'Field Permissions',
    labelPlural: 'Field Permissions',
    keyPrefix: '01k',
    owned: false,
    readOnly: true,
    fields: [
      ref('ParentId', ['PermissionSet'], 'Parent'),
      text('SobjectType', 255),
      text('Field', 255),
      bool('PermissionsRead'),
      bool('PermissionsEdit')
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    labelPlural: 'Permission Set Assignments',
    keyPrefix: '0Pa',
    owned: false,
    fields: [
      ref('AssigneeId', ['User'], 'Assignee', {
        required: true,
        nillable: false,
        updateable: false,
        // User.PermissionSetAssignments, as Salesforce names it.
        childRelationshipName: 'PermissionSetAssignments'
      }),
      ref('PermissionSetId', ['PermissionSet'], 'PermissionSet', {
        required: true,
        nillable: false,
        updateable: false
      })
    ]
  },
  // Public groups and their members: criteria-based sharing rules share records with a group
  // (src/local-org/security/sharing-rules.ts). A member is a user or another group.
  {
    name: 'Group',
    label: 'Group',
    labelPlural: 'Groups',
    keyPrefix: '00G',
    owned: true,
    fields: [
      text('Name', 40, { nameField: true, required: true, nillable: false }),
      text('DeveloperName', 80),
      pick(
        'Type',
        [
          'Regular',
          'Role',
          'RoleAndSubordinates',
          'Organization',
          'Queue',
          'Manager',
          'ManagerAndSubordinatesInternal'
        ],
        { defaultValue: 'Regular', restrictedPicklist: true, updateable: false }
      ),
      bool('DoesIncludeBosses', { defaultValue: true }),
      bool('DoesSendEmailToMembers'),
      { name: 'Email', type: 'email', length: 255 }
    ]
  },
  {
    name: 'GroupMember',
    label: 'Group Member',
    labelPlural: 'Group Members',
    keyPrefix: '011',
    owned: false,
    fields: [
      ref('GroupId', ['Group'], 'Group', {
        required: true,
        nillable: false,
        updateable: false,
        deleteConstraint: 'Cascade',
        childRelationshipName: 'GroupMembers'
      }),
      {
        name: 'UserOrGroupId',
        type: 'reference',
        referenceTo: ['User', 'Group'],
        required: true,
        nillable: false,
        updateable: false,
        deleteConstraint: 'Cascade'
      }
    ]
  },
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    owned: true,
    fields: [
      text('Name', 255, { required: true, nillable: false, nameField: true }),
      pick('Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']),
      pick('Industry', INDUSTRIES),
      pick('Rating', RATINGS),
      { name: 'Phone', type: 'phone', length: 40 },
      { name: 'Website', type: 'url', length: 255 },
      { name: 'NumberOfEmployees', type: 'int', precision: 8 },
      { name: 'AnnualRevenue', type: 'currency', precision: 18 },
      ...address('Billing'),
      ...address('Shipping'),
      lastActivity('AccountId', 'WhatId'),
      { name: 'Description', type: 'textarea', length: 32000 }
    ]
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    owned: true,
    fields: [
      ...personFields(),
      ref('AccountId', ['Account'], 'Account'),
      ref('ReportsToId', ['Contact'], 'ReportsTo'),
      text('Department', 80),
      ...address('Mailing'),
      lastActivity('WhoId')
    ]
  },
  {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    owned: true,
    fields: [
      ...personFields(),
      text('Company', 255, { required: true, nillable: false }),
      pick('Status', LEAD_STATUSES, {
        required: true,
        nillable: false,
        defaultValue: 'Open - Not Contacted',
        picklistValues: picklist(LEAD_STATUSES, 'Open - Not Contacted')
      }),
      pick('Rating', RATINGS),
      pick('Industry', INDUSTRIES),
      { name: 'Website', type: 'url', length: 255 },
      { name: 'NumberOfEmployees', type: 'int', precision: 8 },
      { name: 'AnnualRevenue', type: 'currency', precision: 18 },
      bool('IsConverted', readOnly),
      { name: 'ConvertedDate', type: 'date', ...readOnly },
      ref('ConvertedContactId', ['Contact'], 'ConvertedContact', readOnly),
      ref('ConvertedAccountId', ['Account'], 'ConvertedAccount', readOnly),
      ref('ConvertedOpportunityId', ['Opportunity'], 'ConvertedOpportunity', readOnly),
      bool('IsUnreadByOwner'),
      ...address(''),
      lastActivity('WhoId')
    ]
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    owned: true,
    fields: [
      text('Name', 120, { required: true, nillable: false, nameField: true }),
      ref('AccountId', ['Account'], 'Account'),
      pick(
        'StageName',
        [
          'Prospecting',
          'Qualification',
          'Needs Analysis',
          'Proposal/Price Quote',
          'Negotiation/Review',
          'Closed Won',
          'Closed Lost'
        ],
        { required: true, nillable: false }
      ),
      { name: 'CloseDate', type: 'date', required: true, nillable: false },
      { name: 'Amount', type: 'currency', precision: 18, scale: 2 },
      { name: 'Probability', type: 'percent', precision: 3 },
      bool('IsClosed', readOnly),
      bool('IsWon', readOnly),
      pick('Type', ['New Business', 'Existing Business']),
      pick('LeadSource', LEAD_SOURCES),
      ref('CampaignId', ['Campaign'], 'Campaign'),
      text('NextStep', 255),
      { name: 'Description', type: 'textarea', length: 32000 },
      lastActivity('WhatId')
    ]
  },
  {
    name: 'OpportunityContactRole',
    label: 'Opportunity Contact Role',
    labelPlural: 'Opportunity Contact Role',
    keyPrefix: '00K',
    owned: false,
    fields: [
      ref('OpportunityId', ['Opportunity'], 'Opportunity', {
        required: true,
        nillable: false,
        deleteConstraint: 'Cascade',
        updateable: false
      }),
      ref('ContactId', ['Contact'], 'Contact', {
        required: true,
        nillable: false,
        deleteConstraint: 'Cascade'
      }),
      pick('Role', ['Business User', 'Decision Maker', 'Economic Buyer', 'Evaluator', 'Influencer', 'Other']),
      bool('IsPrimary')
    ]
  },
  {
    name: 'Campaign',
    label: 'Campaign',
    labelPlural: 'Campaigns',
    keyPrefix: '701',
    owned: true,
    fields: [
      text('Name', 80, { required: true, nillable: false, nameField: true }),
      pick('Type', ['Conference', 'Webinar', 'Email', 'Advertisement', 'Other']),
      pick('Status', ['Planned', 'In Progress', 'Completed', 'Aborted']),
      bool('IsActive'),
      { name: 'StartDate', type: 'date' },
      { name: 'EndDate', type: 'date' },
      { name: 'Description', type: 'textarea', length: 32000 }
    ]
  },
  {
    name: 'CampaignMember',
    label: 'Campaign Member',
    labelPlural: 'Campaign Members',
    keyPrefix: '00v',
    owned: false,
    fields: [
      ref('CampaignId', ['Campaign'], 'Campaign', {
        required: true,
        nillable: false,
        deleteConstraint: 'Cascade',
        updateable: false
      }),
      ref('LeadId', ['Lead'], 'Lead', { deleteConstraint: 'Cascade' }),
      ref('ContactId', ['Contact'], 'Contact', { deleteConstraint: 'Cascade' }),
      pick('Status', ['Planned', 'Sent', 'Received', 'Responded'], { defaultValue: 'Sent' }),
      bool('HasResponded', readOnly),
      text('FirstName', 40, readOnly),
      text('LastName', 80, readOnly),
      { name: 'Email', type: 'email', length: 80, ...readOnly }
    ]
  },
  {
    // Setup data: the rows come from the record type metadata when the org starts (seed.ts).
    name: 'RecordType',
    label: 'Record Type',
    labelPlural: 'Record Types',
    keyPrefix: '012',
    owned: false,
    readOnly: true,
    fields: [
      text('Name', 80, { nameField: true }),
      text('DeveloperName', 80),
      text('SobjectType', 40),
      text('NamespacePrefix', 15),
      bool('IsActive'),
      text('Description', 255)
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'TaskStatus',
    label: 'Task Status Value',
    labelPlural: 'Task Status Values',
    keyPrefix: '01J',
    owned: false,
    readOnly: true,
    fields: [
      text('ApiName', 255),
      text('MasterLabel', 255, { nameField: true }),
      bool('IsClosed'),
      bool('IsDefault'),
      { name: 'SortOrder', type: 'int' }
    ].map((f): FieldSpec => ({ ...(f as FieldSpec), ...readOnly }))
  },
  {
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    keyPrefix: '00T',
    owned: true,
    fields: [
      text('Subject', 255, { nameField: true }),
      // Status values come from TaskStatus at runtime; the registry fills picklistValues.
      pick('Status', [], { required: true, nillable: false }),
      pick('Priority', ['High', 'Normal', 'Low'], {
        required: true,
        nillable: false,
        defaultValue: 'Normal',
        picklistValues: picklist(['High', 'Normal', 'Low'], 'Normal')
      }),
      bool('IsClosed', stored),
      bool('IsHighPriority', stored),
      { name: 'ActivityDate', type: 'date' },
      { name: 'CompletedDateTime', type: 'datetime', ...stored },
      { name: 'ReminderDateTime', type: 'datetime' },
      bool('IsReminderSet'),
      // Activities are deleted with the record they belong to.
      ref('WhoId', ['Contact', 'Lead'], 'Who', { deleteConstraint: 'Cascade' }),
      ref('WhatId', ['Account', 'Opportunity', 'Campaign'], 'What', { deleteConstraint: 'Cascade' }),
      ref('AccountId', ['Account'], 'Account', readOnly),
      { name: 'Description', type: 'textarea', length: 32000 },
      pick('Type', ['Call', 'Email', 'Meeting', 'Other']),
      pick('TaskSubtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], {
        updateable: false,
        defaultValue: 'Task'
      }),
      pick('CallType', ['Internal', 'Inbound', 'Outbound']),
      text('CallDisposition', 255),
      { name: 'CallDurationInSeconds', type: 'int' },
      bool('IsArchived', readOnly)
    ]
  },
  {
    name: 'BusinessHours',
    label: 'Business Hours',
    labelPlural: 'Business Hours',
    keyPrefix: '01m',
    owned: false,
    fields: [
      text('Name', 80, { required: true, nillable: false, nameField: true }),
      bool('IsActive', { defaultValue: true }),
      bool('IsDefault'),
      pick('TimeZoneSidKey', TIME_ZONES, { required: true, nillable: false, restrictedPicklist: true }),
      ...DAYS.flatMap((d): FieldSpec[] => [
        { name: `${d}StartTime`, type: 'time' },
        { name: `${d}EndTime`, type: 'time' }
      ])
    ]
  },
  {
    name: 'Holiday',
    label: 'Holiday',
    labelPlural: 'Holidays',
    keyPrefix: '0C0',
    owned: false,
    fields: [
      text('Name', 80, { required: true, nillable: false, nameField: true }),
      { name: 'Description', type: 'string', length: 100 },
      bool('IsAllDay', { defaultValue: true }),
      { name: 'ActivityDate', type: 'date' },
      { name: 'StartTimeInMinutes', type: 'int' },
      { name: 'EndTimeInMinutes', type: 'int' },
      bool('IsRecurrence'),
      { name: 'RecurrenceStartDate', type: 'date' },
      { name: 'RecurrenceEndDateOnly', type: 'date' },
      pick('RecurrenceType', [
        'RecursDaily',
        'RecursEveryWeekday',
        'RecursMonthly',
        'RecursMonthlyNth',
        'RecursWeekly',
        'RecursYearly',
        'RecursYearlyNth'
      ]),
      { name: 'RecurrenceInterval', type: 'int' },
      { name: 'RecurrenceDayOfWeekMask', type: 'int' },
      { name: 'RecurrenceDayOfMonth', type: 'int' },
      pick('RecurrenceInstance', ['First', 'Second', 'Third', 'Fourth', 'Last']),
      pick('RecurrenceMonthOfYear', [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December'
      ])
    ]
  },
  {
    name: 'EmailMessage',
    label: 'Email Message',
    labelPlural: 'Email Messages',
    keyPrefix: '02s',
    owned: false,
    fields: [
      text('Subject', 3000, { nameField: true }),
      { name: 'HtmlBody', type: 'textarea', length: 131072 },
      { name: 'TextBody', type: 'textarea', length: 131072 },
      { name: 'ToAddress', type: 'textarea', length: 4000 },
      { name: 'CcAddress', type: 'textarea', length: 4000 },
      { name: 'BccAddress', type: 'textarea', length: 4000 },
      { name: 'FromAddress', type: 'email', length: 255 },
      text('FromName', 1000),
      pick('Status', ['0', '1', '2', '3', '4', '5'], { defaultValue: '3' }),
      { name: 'MessageDate', type: 'datetime' },
      bool('Incoming'),
      ref('RelatedToId', ['Lead', 'Contact', 'Account', 'Opportunity', 'Campaign'], 'RelatedTo'),
      ref('ActivityId', ['Task'], 'Activity'),
      text('MessageIdentifier', 255),
      text('ThreadIdentifier', 255),
      { name: 'Headers', type: 'textarea', length: 32000 },
      bool('IsBounced'),
      // Salesforce email tracking: when the recipient first opened the message.
      bool('IsOpened', readOnly),
      { name: 'FirstOpenedDate', type: 'datetime', ...readOnly },
      { name: 'LastOpenedDate', type: 'datetime', ...readOnly }
    ]
  },
  {
    name: 'EmailTemplate',
    label: 'Email Template',
    labelPlural: 'Email Templates',
    keyPrefix: '00X',
    owned: true,
    fields: [
      text('Name', 80, { required: true, nillable: false, nameField: true }),
      text('DeveloperName', 80),
      text('Subject', 1000),
      { name: 'Body', type: 'textarea', length: 384000 },
      { name: 'HtmlValue', type: 'textarea', length: 384000 },
      pick('TemplateType', ['text', 'html', 'custom', 'visualforce'], { defaultValue: 'text' }),
      bool('IsActive', { defaultValue: true }),
      text('FolderId', 18)
    ]
  },
  {
    name: 'OrgWideEmailAddress',
    label: 'Organization-Wide Email Address',
    labelPlural: 'Organization-Wide Email Addresses',
    keyPrefix: '0D2',
    owned: false,
    fields: [
      { name: 'Address', type: 'email', length: 270, required: true, nillable: false },
      text('DisplayName', 300, { nameField: true }),
      bool('IsAllowAllProfiles')
    ]
  }
];
