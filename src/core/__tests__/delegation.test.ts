import { type DelegationInput, resolveDelegate } from '../delegation';

const ACTIVE_OWNER = '005000000000001';
const ACTIVE_SDR = '005000000000002';
const INACTIVE_SDR = '005000000000003';
const users = {
  [ACTIVE_OWNER]: { IsActive: true },
  [`${ACTIVE_SDR}AAA`]: { IsActive: true },
  [INACTIVE_SDR]: { IsActive: false }
};

describe('resolveDelegate', () => {
  it.each<[string, Omit<DelegationInput, 'users'>, unknown]>([
    [
      'no delegate fields: the owner',
      { record: { OwnerId: ACTIVE_OWNER } },
      { userId: ACTIVE_OWNER, source: 'owner' }
    ],
    [
      "an Opportunity sequence: the opportunity's owner, not the contact's",
      { record: { OwnerId: ACTIVE_OWNER }, ownerRecord: { OwnerId: ACTIVE_SDR } },
      { userId: ACTIVE_SDR, source: 'owner' }
    ],
    [
      "a delegate field on the person still wins over the opportunity's owner",
      {
        sequenceDelegateField: 'SDR__c',
        record: { OwnerId: ACTIVE_OWNER, SDR__c: ACTIVE_OWNER },
        ownerRecord: { OwnerId: ACTIVE_SDR }
      },
      { userId: ACTIVE_OWNER, source: 'sequence' }
    ],
    [
      "an inactive opportunity owner makes the action not actionable, named as the opportunity's",
      { record: { OwnerId: ACTIVE_OWNER }, ownerRecord: { OwnerId: INACTIVE_SDR } },
      {
        reason: 'NOT_ACTIONABLE',
        userId: INACTIVE_SDR,
        source: 'owner',
        message: `User ${INACTIVE_SDR} (from the opportunity owner) is inactive`
      }
    ],
    [
      'the action field wins',
      {
        actionDelegateField: 'SDR__c',
        sequenceDelegateField: 'Other__c',
        record: { OwnerId: ACTIVE_OWNER, SDR__c: ACTIVE_SDR, Other__c: ACTIVE_OWNER }
      },
      { userId: ACTIVE_SDR, source: 'action' }
    ],
    [
      'a blank action field falls back to the sequence field',
      {
        actionDelegateField: 'SDR__c',
        sequenceDelegateField: 'Other__c',
        record: { OwnerId: ACTIVE_OWNER, SDR__c: null, Other__c: ACTIVE_SDR }
      },
      { userId: ACTIVE_SDR, source: 'sequence' }
    ],
    [
      'blank lookups fall back to the owner',
      {
        actionDelegateField: 'SDR__c',
        sequenceDelegateField: 'Other__c',
        record: { OwnerId: ACTIVE_OWNER, SDR__c: '', Other__c: null }
      },
      { userId: ACTIVE_OWNER, source: 'owner' }
    ],
    [
      'blank field names are ignored',
      { actionDelegateField: ' ', sequenceDelegateField: null, record: { OwnerId: ACTIVE_OWNER } },
      { userId: ACTIVE_OWNER, source: 'owner' }
    ],
    [
      'a parent path',
      {
        sequenceDelegateField: 'Account.OwnerId',
        record: { OwnerId: ACTIVE_OWNER, Account: { OwnerId: ACTIVE_SDR } }
      },
      { userId: ACTIVE_SDR, source: 'sequence' }
    ],
    [
      'an 18-character Id matches a 15-character key',
      { actionDelegateField: 'SDR__c', record: { SDR__c: `${INACTIVE_SDR}XYZ` } },
      {
        reason: 'NOT_ACTIONABLE',
        userId: `${INACTIVE_SDR}XYZ`,
        source: 'action',
        message: `User ${INACTIVE_SDR}XYZ (from the action delegate field SDR__c) is inactive`
      }
    ],
    [
      'an inactive delegate is not replaced by the owner',
      { sequenceDelegateField: 'SDR__c', record: { OwnerId: ACTIVE_OWNER, SDR__c: INACTIVE_SDR } },
      {
        reason: 'NOT_ACTIONABLE',
        userId: INACTIVE_SDR,
        source: 'sequence',
        message: `User ${INACTIVE_SDR} (from the sequence delegate field SDR__c) is inactive`
      }
    ],
    [
      'an unknown user (a queue owner)',
      { record: { OwnerId: '00G000000000001' } },
      {
        reason: 'NOT_ACTIONABLE',
        userId: '00G000000000001',
        source: 'owner',
        message: '00G000000000001 (from the record owner) is not an active user: no such user'
      }
    ],
    [
      'no owner at all',
      { record: {} },
      { reason: 'NOT_ACTIONABLE', userId: null, source: 'owner', message: 'The record has no owner' }
    ]
  ])('%s', (_name, input, expected) => {
    expect(resolveDelegate({ ...input, users })).toEqual(expected);
  });
});
