import { planEnrollment, type EnrollmentRequest } from '../enrollment';

const now = new Date('2026-12-01T09:00:00Z'); // Tuesday

const request = (override: Partial<EnrollmentRequest> = {}): EnrollmentRequest => ({
  sequence: { Id: 'a01', Active__c: true, Target_Object__c: 'Lead' },
  actions: [
    { Id: 'a03', Step_Number__c: 2, Type__c: 'Email', Activation__c: 'Automatic' },
    { Id: 'a02', Step_Number__c: 1, Type__c: 'Call' }
  ],
  person: { object: 'Lead', id: '00Q000000000001' },
  participantCount: 0,
  now,
  ...override
});

describe('planEnrollment', () => {
  it('creates a queued participant and one upcoming participant action per action, in step order', () => {
    expect(
      planEnrollment(
        request({ owners: { a02: '005A', a03: '005B' }, timeZone: 'Europe/Berlin', campaignId: '701X' })
      )
    ).toEqual({
      ok: true,
      value: {
        participant: {
          Sequence__c: 'a01',
          Lead__c: '00Q000000000001',
          Contact__c: null,
          Opportunity__c: null,
          Campaign__c: '701X',
          Person_Key__c: '00Q000000000001',
          Status__c: 'Queued',
          Enrolled_At__c: now,
          Current_Step__c: null,
          Time_Zone__c: 'Europe/Berlin'
        },
        actions: [
          {
            Sequence_Action__c: 'a02',
            Step_Number__c: 1,
            Type__c: 'Call',
            Activation__c: 'Manual',
            Status__c: 'Upcoming',
            Due_At__c: null,
            Assigned_To__c: '005A',
            Attempts__c: 0
          },
          {
            Sequence_Action__c: 'a03',
            Step_Number__c: 2,
            Type__c: 'Email',
            Activation__c: 'Automatic',
            Status__c: 'Upcoming',
            Due_At__c: null,
            Assigned_To__c: '005B',
            Attempts__c: 0
          }
        ]
      }
    });
  });

  it('enrolls a contact of an opportunity in an Opportunity sequence', () => {
    const result = planEnrollment(
      request({
        sequence: { Id: 'a01', Active__c: true, Target_Object__c: 'Opportunity' },
        person: { object: 'Contact', id: '003C' },
        opportunityId: '006O'
      })
    );
    expect(
      result.ok && [
        result.value.participant.Contact__c,
        result.value.participant.Lead__c,
        result.value.participant.Opportunity__c
      ]
    ).toEqual(['003C', null, '006O']);
  });

  it('enrolls a lead member of a Campaign sequence', () => {
    const result = planEnrollment(
      request({ sequence: { Id: 'a01', Active__c: true, Target_Object__c: 'Campaign' } })
    );
    expect(result.ok && result.value.participant.Lead__c).toBe('00Q000000000001');
  });

  it('enrolls again in a repeatable sequence', () => {
    const result = planEnrollment(
      request({ sequence: { Id: 'a01', Active__c: true, Repeatable__c: true }, enrolledBefore: true })
    );
    expect(result.ok).toBe(true);
  });

  it('accepts the participant below the default cap of 20,000', () => {
    expect(planEnrollment(request({ participantCount: 19_999 })).ok).toBe(true);
  });

  it.each([
    [
      'an inactive sequence',
      { sequence: { Id: 'a01', Active__c: false } },
      'SEQUENCE_INACTIVE',
      'Sequence a01 is inactive: it accepts no new participants'
    ],
    ['a sequence without actions', { actions: [] }, 'SEQUENCE_EMPTY', 'Sequence a01 has no actions'],
    [
      'a person with an open enrollment elsewhere',
      { openEnrollment: { Id: 'p9', Sequence__c: 'a77', Status__c: 'Paused' as const } },
      'ALREADY_ENROLLED',
      'Lead 00Q000000000001 already has an open enrollment (p9, Paused) in sequence a77'
    ],
    [
      'a person already in this sequence',
      { openEnrollment: { Id: 'p8', Sequence__c: 'a01', Status__c: 'Queued' as const } },
      'ALREADY_ENROLLED',
      'Lead 00Q000000000001 already has an open enrollment (p8, Queued) in this sequence'
    ],
    [
      'a second enrollment in a non-repeatable sequence',
      { enrolledBefore: true },
      'NOT_REPEATABLE',
      'Lead 00Q000000000001 was already enrolled in sequence a01, which is not repeatable'
    ],
    [
      'the 20,001st participant',
      { participantCount: 20_000 },
      'SEQUENCE_FULL',
      'Sequence a01 holds 20000 participants, its cap is 20000'
    ],
    [
      'a participant over a custom cap',
      { sequence: { Id: 'a01', Active__c: true, Sequence_Cap__c: 5 }, participantCount: 5 },
      'SEQUENCE_FULL',
      'Sequence a01 holds 5 participants, its cap is 5'
    ],
    [
      'a contact in a Lead sequence',
      { person: { object: 'Contact' as const, id: '003C' } },
      'WRONG_TARGET',
      'Sequence a01 targets Lead records; 003C is a Contact'
    ],
    [
      'a lead in a Contact sequence',
      { sequence: { Id: 'a01', Active__c: true, Target_Object__c: 'Contact' as const } },
      'WRONG_TARGET',
      'Sequence a01 targets Contact records; 00Q000000000001 is a Lead'
    ],
    [
      'an account',
      { person: { object: 'Account' as 'Lead', id: '001A' } },
      'INVALID_PERSON',
      'person.object: expected Lead or Contact, got "Account"'
    ],
    [
      'a blank person id',
      { person: { object: 'Lead' as const, id: ' ' } },
      'INVALID_PERSON',
      'person.id: a Lead or Contact id is required'
    ],
    [
      'duplicate step numbers',
      {
        actions: [
          { Id: 'a02', Step_Number__c: 1, Type__c: 'Call' as const },
          { Id: 'a03', Step_Number__c: 1, Type__c: 'SMS' as const }
        ]
      },
      'INVALID_STEP',
      'actions[1].Step_Number__c: expected a unique whole number ≥ 1, got 1'
    ],
    [
      'step 0',
      { actions: [{ Id: 'a02', Step_Number__c: 0, Type__c: 'Call' as const }] },
      'INVALID_STEP',
      'actions[0].Step_Number__c: expected a unique whole number ≥ 1, got 0'
    ]
  ])('refuses %s', (_name, override, code, message) => {
    const result = planEnrollment(request(override as Partial<EnrollmentRequest>));
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, message }) });
  });

  it('does not mutate the request’s actions', () => {
    const input = request();
    planEnrollment(input);
    expect(input.actions.map((action) => action.Step_Number__c)).toEqual([2, 1]);
  });
});
