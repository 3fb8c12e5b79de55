import { createElement } from '@lwc/engine-dom';
import StrideCriteriaBuilder from 'c/strideCriteriaBuilder';
import { evaluateCriteria, fromObjectInfo } from 'c/strideCore';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { catalogFromObjectInfos } from 'c/strideLds';
import type { ObjectInfosData } from 'c/strideLds';
import {
  flushPromises,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import LEAD_INFO from '../../__tests__/data/getObjectInfo.lead.json';
import CONTACT_INFO from '../../__tests__/data/getObjectInfo.contact.json';
import CONTACT_INFOS from '../../__tests__/data/getObjectInfos.contact.json';
import LEAD_PICKLISTS from '../../__tests__/data/getPicklistValuesByRecordType.lead.json';

const CATALOG = { Lead: fromObjectInfo(LEAD_INFO, LEAD_PICKLISTS.picklistFieldValues) };
/** Contact, Account and User as getObjectInfos returns them to a Contact builder. */
const CONTACT_CATALOG = catalogFromObjectInfos(CONTACT_INFOS as unknown as ObjectInfosData);

type Builder = HTMLElement & {
  value: string;
  valid: boolean;
  catalog: unknown;
  objectApiName: string;
  label: string;
};

function createBuilder(value = '') {
  const element = createElement('c-stride-criteria-builder', { is: StrideCriteriaBuilder }) as Builder;
  Object.assign(element, { label: 'Entry criteria', objectApiName: 'Lead', catalog: CATALOG, value });
  document.body.appendChild(element);
  return element;
}

/** A Contact builder given only the Contact describe: it reads the parents' describes itself. */
async function createContactBuilder(value = '') {
  const element = createElement('c-stride-criteria-builder', { is: StrideCriteriaBuilder }) as Builder;
  Object.assign(element, {
    label: 'Entry criteria',
    objectApiName: 'Contact',
    catalog: { Contact: fromObjectInfo(CONTACT_INFO) },
    value
  });
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

function lastChange(changes: jest.Mock) {
  return changes.mock.calls[changes.mock.calls.length - 1][0].detail;
}

function rowControl(element: Element, number: number, part: string) {
  return shadowQuery(element, `li[data-number="${number}"] [data-part="${part}"]`) as HTMLElement & {
    label: string;
    value: string;
    options: Array<{ label: string; value: string }>;
  };
}

function change(control: Element, value: string) {
  control.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  return flushPromises();
}

describe('c-stride-criteria-builder', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
  });

  it('loads stored criteria into rows with the operators of each field type', async () => {
    const element = createBuilder(
      '{"logic":"OR","conditions":[{"field":"Rating","operator":"includes","value":["Hot","Warm"]},{"field":"AnnualRevenue","operator":"between","value":[1000,5000]}]}'
    );
    await flushPromises();

    expect(rowControl(element, 1, 'field').value).toBe('Rating');
    expect(rowControl(element, 1, 'operator').options.map((o) => o.label)).toEqual([
      'Equals',
      'Does Not Equal',
      'Includes',
      'Does Not Include',
      'Is Blank',
      'Is Not Blank'
    ]);
    expect(rowControl(element, 1, 'value').value).toBe('Hot, Warm');
    expect([rowControl(element, 2, 'value').value, rowControl(element, 2, 'valueTo').value]).toEqual([
      '1000',
      '5000'
    ]);
    expect(rowControl(element, 2, 'operator').options.map((o) => o.value)).toEqual([
      'equals',
      'notEquals',
      'lessThan',
      'lessOrEqual',
      'greaterThan',
      'greaterOrEqual',
      'between',
      'isBlank',
      'isNotBlank'
    ]);
    expect(element.valid).toBe(true);
  });

  it("keeps its inputs' change events inside: a parent hears only criteriachange", async () => {
    const element = createBuilder();
    const heard: string[] = [];
    element.addEventListener('change', () => heard.push('change'));
    element.addEventListener('criteriachange', () => heard.push('criteriachange'));
    await flushPromises();
    shadowQuery(element, 'lightning-button[data-id="add"]').click();
    await flushPromises();
    heard.length = 0;
    // As the base components fire it in a browser: bubbling and composed.
    rowControl(element, 1, 'field').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Rating' }, bubbles: true, composed: true })
    );
    await flushPromises();
    expect(heard).toEqual(['criteriachange']);
  });

  it('gives each builder its own radio group', async () => {
    const first = createBuilder();
    const second = createBuilder();
    await flushPromises();
    const name = (element: Element) =>
      (shadowQuery(element, '[data-id="logic"]') as HTMLElement & { name: string }).name;
    expect(name(first)).toMatch(/^stride-criteria-logic-\d+$/);
    expect(name(second)).not.toBe(name(first));
  });

  it('builds the criteria JSON as the admin adds a condition', async () => {
    const element = createBuilder();
    const changes = jest.fn();
    element.addEventListener('criteriachange', changes);
    await flushPromises();
    expect(shadowQuery(element, '[data-id="none"]').textContent).toBe('No conditions: always met.');

    shadowQuery(element, 'lightning-button[data-id="add"]').click();
    await flushPromises();
    await change(rowControl(element, 1, 'field'), 'NumberOfEmployees');
    expect(rowControl(element, 1, 'operator').value).toBe('equals');
    await change(rowControl(element, 1, 'operator'), 'greaterThan');
    await change(rowControl(element, 1, 'value'), '250');

    expect(changes.mock.calls[changes.mock.calls.length - 1][0].detail).toEqual({
      value:
        '{"logic":"AND","conditions":[{"field":"NumberOfEmployees","operator":"greaterThan","value":250}]}',
      valid: true
    });
  });

  it('shows a custom logic error with its position as the admin types', async () => {
    const element = createBuilder(
      '{"logic":"CUSTOM","expression":"1 OR 2","conditions":[{"field":"Rating","operator":"equals","value":"Hot"},{"field":"Status","operator":"equals","value":"Working - Contacted"}]}'
    );
    const changes = jest.fn();
    element.addEventListener('criteriachange', changes);
    await flushPromises();

    await change(shadowQuery(element, '[data-id="expression"]'), '1 OR 3');
    expect(shadowQuery(element, '[data-id="logic-error"] p').textContent).toBe(
      'Condition 3 is used in the logic but not defined (position 6)'
    );
    expect(
      shadowQueryAll(element, '[data-id="marker"] span, [data-id="marker"] mark').map((n) => n.textContent)
    ).toEqual(['1 OR ', '3', '']);
    expect(changes.mock.calls[0][0].detail.valid).toBe(false);

    await change(shadowQuery(element, '[data-id="expression"]'), '1 AND (2 OR');
    expect(shadowQuery(element, '[data-id="logic-error"] p').textContent).toBe(
      'Expected a condition number or "(" but found the end of the logic (position 12)'
    );

    await change(shadowQuery(element, '[data-id="expression"]'), '1 AND NOT 2');
    expect(element.shadowRoot!.querySelector('[data-id="logic-error"]')).toBeNull();
    expect(element.valid).toBe(true);
  });

  it('flags a value the field does not accept on its row', async () => {
    const element = createBuilder(
      '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Tepid"}]}'
    );
    await flushPromises();

    expect(shadowQuery(element, 'li[data-number="1"] [data-id="condition-error"]').textContent).toBe(
      'Condition 1 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold'
    );
    expect(element.valid).toBe(false);
  });

  it('removes a condition', async () => {
    const element = createBuilder(
      '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"},{"field":"DoNotCall","operator":"equals","value":false}]}'
    );
    const changes = jest.fn();
    element.addEventListener('criteriachange', changes);
    await flushPromises();

    shadowQuery(element, 'li[data-number="1"] lightning-button-icon').click();
    await flushPromises();

    expect(changes.mock.calls[0][0].detail.value).toBe(
      '{"logic":"AND","conditions":[{"field":"DoNotCall","operator":"equals","value":false}]}'
    );
  });

  it('is accessible with conditions', async () => {
    const element = createBuilder(
      '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"}]}'
    );
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    const element = createBuilder(
      '{"logic":"CUSTOM","expression":"1 OR 4","conditions":[{"field":"Rating","operator":"equals","value":"Tepid"}]}'
    );
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  describe('parent fields', () => {
    it('reads the describes of the parents the catalog lacks and offers their lookups after the fields', async () => {
      const element = await createContactBuilder();
      expect(testAdapter(getObjectInfos).getLastConfig()).toEqual({ objectApiNames: ['Account', 'User'] });

      testAdapter(getObjectInfos).emit(CONTACT_INFOS);
      shadowQuery(element, 'lightning-button[data-id="add"]').click();
      await flushPromises();

      expect(rowControl(element, 1, 'field').options.slice(-4)).toEqual([
        { label: 'Title (Title)', value: 'Title' },
        { label: 'Related: Account (Account)', value: 'Account.' },
        { label: 'Related: AE__r (User)', value: 'AE__r.' },
        { label: 'Related: Owner (User)', value: 'Owner.' }
      ]);
      expect(shadowQueryAll(element, '[data-part="parentField"]')).toEqual([]);
    });

    it('leaves out the lookups to a parent the user may not read', async () => {
      const element = await createContactBuilder();
      const [contact, account, user] = CONTACT_INFOS.results;
      testAdapter(getObjectInfos).emit({
        results: [contact, { statusCode: 403, result: account.result }, user]
      });
      shadowQuery(element, 'lightning-button[data-id="add"]').click();
      await flushPromises();

      expect(
        rowControl(element, 1, 'field')
          .options.filter((o) => o.value.endsWith('.'))
          .map((o) => o.value)
      ).toEqual(['AE__r.', 'Owner.']);
    });

    it('builds a condition on a parent field that the core validates and evaluates', async () => {
      const element = await createContactBuilder();
      testAdapter(getObjectInfos).emit(CONTACT_INFOS);
      const changes = jest.fn();
      element.addEventListener('criteriachange', changes);
      shadowQuery(element, 'lightning-button[data-id="add"]').click();
      await flushPromises();

      await change(rowControl(element, 1, 'field'), 'Account.');
      const parentField = rowControl(element, 1, 'parentField');
      expect(parentField.getAttribute('data-part')).toBe('parentField');
      expect(parentField.label).toBe('Account field');
      expect(parentField.options).toEqual([
        { label: 'Account ID (Id)', value: 'Id' },
        { label: 'Account Name (Name)', value: 'Name' },
        { label: 'Industry (Industry)', value: 'Industry' },
        { label: 'Owner ID (OwnerId)', value: 'OwnerId' }
      ]);
      expect(element.valid).toBe(false);

      await change(parentField, 'Industry');
      expect(rowControl(element, 1, 'operator').options.map((o) => o.value)).toEqual([
        'equals',
        'notEquals',
        'includes',
        'excludes',
        'isBlank',
        'isNotBlank'
      ]);
      await change(rowControl(element, 1, 'operator'), 'includes');
      await change(rowControl(element, 1, 'value'), 'Banking, Insurance');

      const detail = lastChange(changes);
      expect(detail).toEqual({
        value:
          '{"logic":"AND","conditions":[{"field":"Account.Industry","operator":"includes","value":["Banking","Insurance"]}]}',
        valid: true
      });
      // What the builder writes is what the companion's evaluator reads.
      const catalog = { Contact: CONTACT_CATALOG.Contact, Account: CONTACT_CATALOG.Account };
      const evaluate = (industry: string) =>
        evaluateCriteria(
          detail.value,
          { Account: { Industry: industry } },
          catalog,
          'Contact',
          '2026-11-30T15:00:00Z'
        );
      expect([evaluate('Banking'), evaluate('Retail')].map((r) => (r.ok ? r.value.met : r.error))).toEqual([
        true,
        false
      ]);
    });

    it('loads a stored parent-field condition into both lists', async () => {
      const element = await createContactBuilder(
        '{"logic":"AND","conditions":[{"field":"Owner.Email","operator":"equals","value":"ada@example.com"}]}'
      );
      testAdapter(getObjectInfos).emit(CONTACT_INFOS);
      await flushPromises();

      expect(rowControl(element, 1, 'field').value).toBe('Owner.');
      expect(rowControl(element, 1, 'parentField').value).toBe('Email');
      expect(rowControl(element, 1, 'value').value).toBe('ada@example.com');
      expect(element.valid).toBe(true);
    });

    it('says on the row when a parent has no such field', async () => {
      const element = await createContactBuilder(
        '{"logic":"AND","conditions":[{"field":"Account.Revenue","operator":"equals","value":"1"}]}'
      );
      testAdapter(getObjectInfos).emit(CONTACT_INFOS);
      await flushPromises();

      expect(shadowQuery(element, 'li[data-number="1"] [data-id="condition-error"]').textContent).toBe(
        'Condition 1: Account has no field named "Revenue" (in "Account.Revenue")'
      );
      expect(element.valid).toBe(false);
    });

    it('follows lookups to the parents the catalog already has, before any describe is read', async () => {
      const element = createBuilder();
      element.catalog = {
        ...CATALOG,
        User: CONTACT_CATALOG.User,
        Account: CONTACT_CATALOG.Account
      };
      shadowQuery(element, 'lightning-button[data-id="add"]').click();
      await flushPromises();

      expect(
        rowControl(element, 1, 'field')
          .options.filter((o) => o.value.endsWith('.'))
          .map((o) => o.label)
      ).toEqual(['Related: ConvertedAccount (Account)', 'Related: Owner (User)', 'Related: SDR__r (User)']);
    });

    it('is accessible with a parent field chosen', async () => {
      const element = await createContactBuilder(
        '{"logic":"AND","conditions":[{"field":"Account.Name","operator":"equals","value":"Acme"}]}'
      );
      testAdapter(getObjectInfos).emit(CONTACT_INFOS);
      await flushPromises();

      await expect(element).toBeAccessible();
    });
  });
});
