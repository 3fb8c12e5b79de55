import { createElement } from '@lwc/engine-dom';
import StrideFieldUpdates from 'c/strideFieldUpdates';
import { fromObjectInfo } from 'c/strideCore';
import { flushPromises, resetDom, shadowQuery, shadowQueryAll } from '../../__tests__/utils/strideTestUtils';
import LEAD_INFO from '../../__tests__/data/getObjectInfo.lead.json';
import LEAD_PICKLISTS from '../../__tests__/data/getPicklistValuesByRecordType.lead.json';
import CONTACT_INFO from '../../__tests__/data/getObjectInfo.contact.json';

const LEAD = fromObjectInfo(LEAD_INFO, LEAD_PICKLISTS.picklistFieldValues);

type Editor = HTMLElement & { value: string; valid: boolean };

const LEAD_FIELD_SET = ['Status', 'Rating', 'AnnualRevenue', 'NumberOfEmployees', 'DoNotCall', 'Description'];

function createEditor(value = '') {
  const element = createElement('c-stride-field-updates', { is: StrideFieldUpdates }) as Editor;
  // An org that added these fields to its Lead field set (the package's holds Status, Rating, …).
  Object.assign(element, { describe: LEAD, value, fieldSets: { Lead: LEAD_FIELD_SET } });
  document.body.appendChild(element);
  return element;
}

function control(element: Element, index: number, part: string) {
  return shadowQuery(element, `li[data-index="${index}"] [data-part="${part}"]`) as HTMLElement & {
    value: string;
    type: string;
    options: Array<{ label: string; value: string }>;
  };
}

function change(target: Element, value: string) {
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  return flushPromises();
}

describe('c-stride-field-updates', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T15:00:00.000Z'));
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
  });

  it('offers only updateable fields and a value input fitting each type', async () => {
    const element = createEditor(
      '[{"field":"Status","value":"Working - Contacted"},{"field":"AnnualRevenue","value":5000},{"field":"DoNotCall","value":true}]'
    );
    await flushPromises();

    const fields = control(element, 0, 'field').options.map((o) => o.value);
    expect(fields).not.toContain('Name');
    expect(fields).not.toContain('CreatedDate');
    expect(fields).toContain('Status');
    expect(control(element, 0, 'value').options.map((o) => o.value)).toEqual([
      '',
      'Open - Not Contacted',
      'Working - Contacted',
      'Closed - Converted',
      'Closed - Not Converted'
    ]);
    expect([control(element, 1, 'value').tagName, control(element, 1, 'value').type]).toEqual([
      'LIGHTNING-INPUT',
      'number'
    ]);
    expect(control(element, 2, 'value').value).toBe('true');
    expect(element.valid).toBe(true);
  });

  it('emits typed JSON as the admin edits', async () => {
    const element = createEditor();
    const changes = jest.fn();
    element.addEventListener('updateschange', changes);
    await flushPromises();

    shadowQuery(element, 'lightning-button[data-id="add"]').click();
    await flushPromises();
    await change(control(element, 0, 'field'), 'NumberOfEmployees');
    await change(control(element, 0, 'value'), '42');

    expect(changes.mock.calls[changes.mock.calls.length - 1][0].detail).toEqual({
      value: '[{"field":"NumberOfEmployees","value":42}]',
      valid: true
    });
  });

  it('reports a value the field does not accept', async () => {
    const element = createEditor('[{"field":"Rating","value":"Tepid"}]');
    await flushPromises();

    expect(shadowQueryAll(element, '[data-id="update-error"]').map((p) => p.textContent)).toEqual([
      'entry 1 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold'
    ]);
    expect(element.valid).toBe(false);
  });

  it('is accessible with updates', async () => {
    const element = createEditor('[{"field":"Status","value":"Working - Contacted"}]');
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    const element = createEditor('[{"field":"Rating","value":"Tepid"}]');
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  describe('Opportunity sequences (issue 15)', () => {
    const OPPORTUNITY = {
      name: 'Opportunity',
      fields: [
        { name: 'Name', label: 'Name', type: 'string' as const, updateable: true },
        { name: 'Amount', label: 'Amount', type: 'currency' as const, updateable: true },
        { name: 'NextStep', label: 'Next Step', type: 'string' as const, updateable: true },
        { name: 'IsWon', label: 'Won', type: 'boolean' as const, updateable: false },
        {
          name: 'StageName',
          label: 'Stage',
          type: 'picklist' as const,
          updateable: true,
          nillable: false,
          picklistValues: [
            { value: 'Prospecting', label: 'Prospecting', active: true },
            { value: 'Qualification', label: 'Qualification', active: true }
          ]
        }
      ]
    };

    function createOpportunityEditor(value = '') {
      const element = createElement('c-stride-field-updates', { is: StrideFieldUpdates }) as Editor;
      Object.assign(element, {
        describes: { Contact: fromObjectInfo(CONTACT_INFO), Opportunity: OPPORTUNITY },
        targetObject: 'Opportunity',
        value
      });
      document.body.appendChild(element);
      return element;
    }

    it("offers the person or the opportunity, and only the field set's fields of each", async () => {
      const element = createOpportunityEditor(
        '[{"field":"StageName","value":"Qualification","target":"Opportunity"},{"field":"Title","value":"CTO"}]'
      );
      await flushPromises();
      expect(control(element, 0, 'target').options).toEqual([
        { label: 'Person (Lead or Contact)', value: 'Person' },
        { label: 'Opportunity', value: 'Opportunity' }
      ]);
      expect([control(element, 0, 'target').value, control(element, 1, 'target').value]).toEqual([
        'Opportunity',
        'Person'
      ]);
      expect(control(element, 0, 'field').options).toEqual([
        { label: 'Next Step (NextStep)', value: 'NextStep' },
        { label: 'Stage (StageName)', value: 'StageName' }
      ]);
      expect(control(element, 1, 'field').options.map((o) => o.value)).toEqual(['LeadSource', 'Title']);
      expect(element.valid).toBe(true);
    });

    it('writes the target of a new Opportunity update and shows the reason for a field outside the field set', async () => {
      const element = createOpportunityEditor('[{"field":"Amount","value":9000,"target":"Opportunity"}]');
      const changes: Array<{ value: string; valid: boolean }> = [];
      element.addEventListener('updateschange', (e) => changes.push((e as CustomEvent).detail));
      await flushPromises();
      expect(shadowQuery(element, '[data-id="update-error"]')?.textContent).toBe(
        'entry 1 (Amount): Opportunity.Amount is not in the Stride_Field_Updates field set of Opportunity (fields record updates may change: StageName, NextStep, Description)'
      );
      expect(element.valid).toBe(false);

      await change(control(element, 0, 'field'), 'StageName');
      await change(control(element, 0, 'value'), 'Prospecting');
      expect(changes[changes.length - 1]).toEqual({
        value: '[{"field":"StageName","value":"Prospecting","target":"Opportunity"}]',
        valid: true
      });
      await change(control(element, 0, 'target'), 'Person');
      expect(changes[changes.length - 1]).toEqual({ value: '[{"field":"","value":null}]', valid: false });
    });
  });
});
