/** Describes shared by the core's tests: a small org with Lead, Contact, Account, User, Opportunity. */
import type { DescribeCatalog, ObjectDescribe } from '../describe';

const picklist = (...values: string[]) => values.map((value) => ({ value, label: value, active: true }));

export const LEAD: ObjectDescribe = {
  name: 'Lead',
  label: 'Lead',
  fields: [
    { name: 'Id', type: 'id', updateable: false, nillable: false },
    { name: 'FirstName', type: 'string', updateable: true, nillable: true },
    { name: 'LastName', type: 'string', updateable: true, nillable: false },
    { name: 'Company', type: 'string', updateable: true, nillable: false },
    { name: 'Email', type: 'email', updateable: true, nillable: true },
    { name: 'Phone', type: 'phone', updateable: true, nillable: true },
    { name: 'MobilePhone', type: 'phone', updateable: true, nillable: true },
    { name: 'Website', type: 'url', updateable: true, nillable: true },
    { name: 'Description', type: 'textarea', updateable: true, nillable: true },
    {
      name: 'Status',
      type: 'picklist',
      updateable: true,
      nillable: false,
      picklistValues: [
        ...picklist('Open', 'Working', 'Nurturing', 'Qualified'),
        { value: 'Legacy', label: 'Legacy', active: false }
      ]
    },
    {
      name: 'Rating',
      type: 'picklist',
      updateable: true,
      nillable: true,
      picklistValues: picklist('Hot', 'Warm', 'Cold')
    },
    {
      name: 'Interests__c',
      type: 'multipicklist',
      updateable: true,
      nillable: true,
      picklistValues: picklist('Cloud', 'AI', 'Security')
    },
    { name: 'NumberOfEmployees', type: 'int', updateable: true, nillable: true },
    { name: 'AnnualRevenue', type: 'currency', updateable: true, nillable: true },
    { name: 'Score__c', type: 'double', updateable: true, nillable: true },
    { name: 'Discount__c', type: 'percent', updateable: true, nillable: true },
    { name: 'HasOptedOutOfEmail', type: 'boolean', updateable: true, nillable: false },
    { name: 'DoNotCall', type: 'boolean', updateable: true, nillable: false },
    { name: 'IsConverted', type: 'boolean', updateable: false, nillable: false },
    { name: 'Last_Touch__c', type: 'date', updateable: true, nillable: true },
    { name: 'Next_Call__c', type: 'datetime', updateable: true, nillable: true },
    { name: 'CreatedDate', type: 'datetime', updateable: false, nillable: false },
    {
      name: 'OwnerId',
      type: 'reference',
      referenceTo: ['User', 'Group'],
      relationshipName: 'Owner',
      updateable: true,
      nillable: false
    },
    {
      name: 'SDR__c',
      type: 'reference',
      referenceTo: ['User'],
      relationshipName: 'SDR__r',
      updateable: true,
      nillable: true
    }
  ]
};

export const USER: ObjectDescribe = {
  name: 'User',
  fields: [
    { name: 'Id', type: 'id' },
    { name: 'Name', type: 'string' },
    { name: 'FirstName', type: 'string' },
    { name: 'Email', type: 'email' },
    { name: 'Title', type: 'string' },
    { name: 'IsActive', type: 'boolean' },
    { name: 'ManagerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Manager' }
  ]
};

export const ACCOUNT: ObjectDescribe = {
  name: 'Account',
  fields: [
    { name: 'Id', type: 'id' },
    { name: 'Name', type: 'string' },
    { name: 'Industry', type: 'picklist', picklistValues: picklist('Energy', 'Banking', 'Retail') },
    { name: 'OwnerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' },
    { name: 'ParentId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Parent' }
  ]
};

export const CONTACT: ObjectDescribe = {
  name: 'Contact',
  fields: [
    { name: 'Id', type: 'id' },
    { name: 'FirstName', type: 'string' },
    { name: 'LastName', type: 'string' },
    { name: 'Email', type: 'email' },
    { name: 'MobilePhone', type: 'phone' },
    { name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' },
    { name: 'OwnerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' },
    // A lookup to an object the catalog does not describe.
    { name: 'Partner__c', type: 'reference', referenceTo: ['Partner__c'], relationshipName: 'Partner__r' }
  ]
};

export const OPPORTUNITY: ObjectDescribe = {
  name: 'Opportunity',
  fields: [
    { name: 'Id', type: 'id' },
    { name: 'Name', type: 'string' },
    { name: 'Amount', type: 'currency' },
    { name: 'CloseDate', type: 'date' },
    { name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' }
  ]
};

export const CATALOG: DescribeCatalog = {
  Lead: LEAD,
  User: USER,
  Account: ACCOUNT,
  Contact: CONTACT,
  Opportunity: OPPORTUNITY
};
