import {
  SENDER_FIELDS,
  catalogFromObjectInfos,
  enroll,
  formatLabel,
  recordValues,
  reduceErrors,
  removeRow,
  replaceRow,
  requestOutcome,
  rowEdit,
  runComposerWrite,
  startCall
} from 'c/strideLds';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { mocked } from '../../__tests__/utils/strideTestUtils';

describe('c/strideLds', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T15:00:00.000Z'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('fills label parameters and leaves unknown ones visible', () => {
    expect(formatLabel('Step {0} of {1}', 2, 5)).toBe('Step 2 of 5');
    expect(formatLabel('{0} requested {2}', 'Skip')).toBe('Skip requested {2}');
  });

  it('reads the messages of LDS, GraphQL and JavaScript errors', () => {
    expect(reduceErrors({ body: { message: 'Insufficient access' } })).toEqual(['Insufficient access']);
    expect(reduceErrors({ body: [{ message: 'first' }, { message: 'second' }] })).toEqual([
      'first',
      'second'
    ]);
    expect(
      reduceErrors({
        body: {
          message: 'An error occurred',
          output: {
            errors: [{ message: 'Duplicate value' }],
            fieldErrors: { Name: [{ message: 'Name: too long' }] }
          }
        }
      })
    ).toEqual(['Duplicate value', 'Name: too long']);
    expect(reduceErrors([new Error('boom'), { message: 'GraphQL: field not found' }])).toEqual([
      'boom',
      'GraphQL: field not found'
    ]);
    expect(reduceErrors([null, { statusText: 'Bad Request' }])).toEqual(['Bad Request']);
  });

  it('writes only the fields of the request', async () => {
    await requestOutcome('a05000000000001AAA', 'Reschedule', { until: '2026-12-01T09:00:00.000Z' });

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000001AAA',
        Requested_Outcome__c: 'Reschedule',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Requested_Until__c: '2026-12-01T09:00:00.000Z'
      }
    });
  });

  it('Call now records the call as an in-progress Conversation from the moment of the dial', async () => {
    mocked(createRecord).mockResolvedValueOnce({
      id: 'a06000000000007AAA',
      apiName: 'Conversation__c',
      fields: {}
    });
    const started = await startCall({
      actionId: 'a05000000000001AAA',
      participantId: 'a03000000000001AAA',
      personId: '003000000000001AAA',
      personObject: 'Contact',
      phone: '+1 415 555 0100'
    });
    expect(started).toEqual({ conversationId: 'a06000000000007AAA', startedAt: '2026-11-30T15:00:00.000Z' });
    expect(mocked(createRecord)).toHaveBeenCalledWith({
      apiName: 'Conversation__c',
      fields: {
        Type__c: 'Call',
        Direction__c: 'Outbound',
        Status__c: 'In_Progress',
        Participant_Action__c: 'a05000000000001AAA',
        Started_At__c: '2026-11-30T15:00:00.000Z',
        To__c: '+1 415 555 0100',
        Participant__c: 'a03000000000001AAA',
        Contact__c: '003000000000001AAA'
      }
    });
  });

  it('enrolls a Contact with its person key', async () => {
    await enroll('a01000000000001AAA', '003000000000001AAA', 'Contact');

    expect(mocked(createRecord)).toHaveBeenCalledWith({
      apiName: 'Sequence_Participant__c',
      fields: {
        Sequence__c: 'a01000000000001AAA',
        Contact__c: '003000000000001AAA',
        Person_Key__c: '003000000000001AAA',
        Enrolled_At__c: '2026-11-30T15:00:00.000Z'
      }
    });
  });

  it('reads a getObjectInfos result into a catalog, leaving out objects it could not read', () => {
    const catalog = catalogFromObjectInfos({
      results: [
        {
          statusCode: 200,
          result: {
            apiName: 'Contact',
            fields: {
              AccountId: {
                apiName: 'AccountId',
                dataType: 'Reference',
                referenceToInfos: [{ apiName: 'Account' }],
                relationshipName: 'Account'
              }
            }
          }
        },
        { statusCode: 403, result: { apiName: 'Secret__c', fields: {} } }
      ]
    });

    expect(catalog).toEqual({
      Contact: {
        name: 'Contact',
        fields: [
          { name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' }
        ]
      }
    });
  });

  it('reads a getRecord result as plain values, and asks for the sender fields templates merge', () => {
    expect(recordValues({ fields: { Name: { value: 'Ada Lovelace' }, Title: { value: null } } })).toEqual({
      Name: 'Ada Lovelace',
      Title: null
    });
    expect(SENDER_FIELDS.map((f) => f.fieldApiName)).toEqual([
      'Name',
      'FirstName',
      'LastName',
      'Email',
      'Phone',
      'Title'
    ]);
  });

  it('runs a composer write: busy while it runs, then `saved` with the message', async () => {
    const composer = Object.assign(new EventTarget(), { saving: false, errorMessage: 'old failure' });
    const saved = jest.fn();
    composer.addEventListener('saved', saved);
    let busyDuringWrite: boolean | undefined;

    const ok = await runComposerWrite(
      composer,
      async () => {
        busyDuringWrite = composer.saving;
      },
      { saved: 'Draft for Ada saved.', failed: 'Not saved: {0}' }
    );

    expect([ok, busyDuringWrite, composer.saving, composer.errorMessage]).toEqual([true, true, false, '']);
    expect(saved.mock.calls.map(([event]) => (event as CustomEvent).detail)).toEqual([
      { message: 'Draft for Ada saved.' }
    ]);
  });

  it('runs a composer write that fails: no `saved`, the reasons in the failure label', async () => {
    const composer = Object.assign(new EventTarget(), { saving: false, errorMessage: '' });
    const saved = jest.fn();
    composer.addEventListener('saved', saved);

    const ok = await runComposerWrite(
      composer,
      () => Promise.reject({ body: { message: 'Draft_Body__c: value too long' } }),
      { saved: 'Draft saved.', failed: 'Not saved: {0}' }
    );

    expect([ok, composer.saving, composer.errorMessage]).toEqual([
      false,
      false,
      'Not saved: Draft_Body__c: value too long'
    ]);
    expect(saved).not.toHaveBeenCalled();
  });

  it('reads which row and part a row editor control changed, and edits the rows', () => {
    const control = document.createElement('input');
    control.dataset.index = '1';
    control.dataset.part = 'value';
    let edit: ReturnType<typeof rowEdit> | undefined;
    control.addEventListener('change', (event) => {
      edit = rowEdit(event);
    });
    control.dispatchEvent(new CustomEvent('change', { detail: { value: 'Hot' } }));
    expect(edit).toEqual({ index: 1, part: 'value', value: 'Hot' });

    control.dispatchEvent(new CustomEvent('change'));
    expect(edit).toEqual({ index: 1, part: 'value', value: '' });

    expect(replaceRow(['a', 'b', 'c'], 1, (row) => row.toUpperCase())).toEqual(['a', 'B', 'c']);
    expect(removeRow(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(removeRow(['a'], 3)).toEqual(['a']);
  });
});
