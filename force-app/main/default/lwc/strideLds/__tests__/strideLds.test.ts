import { enroll, formatLabel, reduceErrors, requestOutcome } from 'c/strideLds';
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
});
