import { previewEnrollment } from '../bulkEnrollment';
import { CATALOG } from './describeFixtures';

const now = new Date('2026-12-07T09:00:00Z');
const sequence = { Id: 'a01SEQ', Active__c: true, Target_Object__c: 'Lead' as const, Sequence_Cap__c: 3 };
const actions = [{ Id: 'a02STEP1', Step_Number__c: 1, Type__c: 'Call' as const }];

describe('previewEnrollment', () => {
  it('sorts the selection into who joins and who does not, with the reason, in selection order', () => {
    const preview = previewEnrollment({
      sequence,
      actions,
      participantCount: 0,
      now,
      candidates: [
        { id: '00Q1', object: 'Lead' },
        {
          id: '00Q2',
          object: 'Lead',
          openEnrollment: { Id: 'a03P', Sequence__c: 'a01OTHER', Status__c: 'Active' }
        },
        { id: '003C', object: 'Contact' },
        { id: '00Q1', object: 'Lead' },
        { id: '00Q3', object: 'Lead', enrolledBefore: true }
      ]
    });
    expect(preview).toEqual({
      eligible: ['00Q1'],
      ineligible: [
        {
          id: '00Q2',
          code: 'ALREADY_ENROLLED',
          message: 'Lead 00Q2 already has an open enrollment (a03P, Active) in sequence a01OTHER'
        },
        {
          id: '003C',
          code: 'WRONG_TARGET',
          message: 'Sequence a01SEQ targets Lead records; 003C is a Contact'
        },
        { id: '00Q1', code: 'DUPLICATE_SELECTION', message: 'Lead 00Q1 is selected more than once' },
        {
          id: '00Q3',
          code: 'NOT_REPEATABLE',
          message: 'Lead 00Q3 was already enrolled in sequence a01SEQ, which is not repeatable'
        }
      ],
      byReason: { ALREADY_ENROLLED: 1, WRONG_TARGET: 1, DUPLICATE_SELECTION: 1, NOT_REPEATABLE: 1 }
    });
  });

  it('counts the eligible ones ahead against the cap', () => {
    const candidates = ['00QA', '00QB', '00QC'].map((id) => ({ id, object: 'Lead' as const }));
    const preview = previewEnrollment({ sequence, actions, participantCount: 1, now, candidates });
    expect(preview.eligible).toEqual(['00QA', '00QB']);
    expect(preview.ineligible).toEqual([
      { id: '00QC', code: 'SEQUENCE_FULL', message: 'Sequence a01SEQ holds 3 participants, its cap is 3' }
    ]);
  });

  it('checks the entry criteria against each record when describes are given', () => {
    const preview = previewEnrollment({
      sequence: {
        ...sequence,
        Entry_Criteria__c:
          '{"logic":"AND","conditions":[{"field":"Status","operator":"equals","value":"Working"}]}'
      },
      actions,
      participantCount: 0,
      catalog: CATALOG,
      now,
      candidates: [
        { id: '00QW', object: 'Lead', record: { Status: 'Working' } },
        { id: '00QN', object: 'Lead', record: { Status: 'New' } }
      ]
    });
    expect(preview.eligible).toEqual(['00QW']);
    expect(preview.ineligible).toEqual([
      { id: '00QN', code: 'ENTRY_CRITERIA_NOT_MET', message: 'Lead 00QN does not meet the entry criteria' }
    ]);
  });

  it('refuses everyone with the reason when the criteria are broken, and when the sequence is inactive', () => {
    const broken = previewEnrollment({
      sequence: {
        ...sequence,
        Entry_Criteria__c:
          '{"logic":"AND","conditions":[{"field":"Nope__c","operator":"equals","value":"x"}]}'
      },
      actions,
      participantCount: 0,
      catalog: CATALOG,
      now,
      candidates: [{ id: '00Q1', object: 'Lead', record: {} }]
    });
    expect(broken.byReason).toEqual({ BAD_ENTRY_CRITERIA: 1 });
    expect(broken.ineligible[0].message).toMatch(
      /^The sequence's entry criteria cannot be checked: .*Nope__c/
    );

    const inactive = previewEnrollment({
      sequence: { ...sequence, Active__c: false },
      actions,
      participantCount: 0,
      now,
      candidates: [{ id: '00Q1', object: 'Lead' }]
    });
    expect(inactive.ineligible).toEqual([
      {
        id: '00Q1',
        code: 'SEQUENCE_INACTIVE',
        message: 'Sequence a01SEQ is inactive: it accepts no new participants'
      }
    ]);
  });
});
