/**
 * Which changes make the companion read its catalog (sequences, steps, A/B variants) again: the
 * editor saves a step's variants just after the step, so a variant's own change must refresh the
 * cached catalog, or a pass in between would send without the variants.
 */
import { CATALOG_OBJECTS, stagesFor } from '../watch/triggers';

const change = (object: string, changeType: string, changedFields: string[]) =>
  stagesFor({
    object,
    header: { entityName: object, changeType, changedFields, recordIds: ['a05000000000001AAA'] },
    payload: {}
  });

describe('catalog change events', () => {
  it('reload the catalog for a sequence, a step or an A/B variant, and for nothing else', () => {
    expect([...CATALOG_OBJECTS].sort()).toEqual(['Action_Variant__c', 'Sequence_Action__c', 'Sequence__c']);
  });

  it('call for live-edits when a variant is created, edited or ended', () => {
    expect(change('Action_Variant__c', 'CREATE', [])).toEqual(['live-edits']);
    expect(change('Action_Variant__c', 'UPDATE', ['Split_Percent__c'])).toEqual(['live-edits']);
    expect(change('Action_Variant__c', 'UPDATE', ['Ended__c'])).toEqual(['live-edits']);
  });
});
