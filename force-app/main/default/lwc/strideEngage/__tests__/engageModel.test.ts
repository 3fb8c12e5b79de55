import { viewOf, type ParticipantActionNode } from '../engageModel';

const NOW = Date.parse('2026-12-10T15:00:00Z');
const UNTIL = NOW + 7 * 24 * 3600_000;

function node(step: number, currentStep: number, status: string, dueAt: string): ParticipantActionNode {
  return {
    Id: `a0${step}`,
    Type__c: { value: 'Call' },
    Status__c: { value: status },
    Due_At__c: { value: dueAt },
    Step_Number__c: { value: step },
    Participant__r: { Id: 'p1', Current_Step__c: { value: currentStep } }
  } as ParticipantActionNode;
}

describe('Engage views', () => {
  it('leaves out a later step whose projected date has passed while the current step waits', () => {
    expect(viewOf(node(3, 2, 'Upcoming', '2026-12-09T15:00:00.000Z'), NOW, UNTIL)).toBeNull();
  });

  it('lists a later step whose projection is still ahead, and the current step even when its time has come', () => {
    expect(viewOf(node(3, 2, 'Upcoming', '2026-12-11T15:00:00.000Z'), NOW, UNTIL)).toBe('upcoming');
    expect(viewOf(node(2, 2, 'Upcoming', '2026-12-09T15:00:00.000Z'), NOW, UNTIL)).toBe('upcoming');
  });

  it('leaves out what is beyond the upcoming window, and shows due work as due', () => {
    expect(viewOf(node(3, 2, 'Upcoming', '2026-12-30T15:00:00.000Z'), NOW, UNTIL)).toBeNull();
    expect(viewOf(node(2, 2, 'Due', '2026-12-09T15:00:00.000Z'), NOW, UNTIL)).toBe('due');
  });
});
