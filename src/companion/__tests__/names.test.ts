/** The namespace mapper: custom names qualified on the wire and stripped from records read (names.ts). */
import { detectNamespace, NameMapper } from '../names';

describe('namespace mapping', () => {
  const ns = new NameMapper('stride');

  it('qualifies custom names in SOQL but not literals or standard names', () => {
    expect(
      ns.soql("SELECT Id, Participant__r.Lead__r.Email FROM Participant_Action__c WHERE Status__c = 'Due__c'")
    ).toBe(
      "SELECT Id, stride__Participant__r.stride__Lead__r.Email FROM stride__Participant_Action__c WHERE stride__Status__c = 'Due__c'"
    );
    expect(ns.name('stride__Sequence__c')).toBe('stride__Sequence__c');
    expect(new NameMapper('').soql('SELECT Id FROM Sequence__c')).toBe('SELECT Id FROM Sequence__c');
  });

  it('strips the namespace from records read and adds it to records written', () => {
    expect(
      ns.fromOrg({
        attributes: { type: 'stride__Sequence__c' },
        stride__Status__c: 'Active',
        stride__Lead__r: { Email: 'a@b.co' }
      })
    ).toEqual({
      attributes: { type: 'Sequence__c' },
      Status__c: 'Active',
      Lead__r: { Email: 'a@b.co' }
    });
    expect(ns.toOrg({ attributes: { type: 'Task' }, Subject: 'Call', Status__c: 'Due' })).toEqual({
      attributes: { type: 'Task' },
      Subject: 'Call',
      stride__Status__c: 'Due'
    });
  });

  it('detects the namespace from describeGlobal', () => {
    expect(detectNamespace(['Account', 'stride__Sequence__c'])).toBe('stride');
    expect(detectNamespace(['Account', 'Sequence__c'])).toBe('');
    expect(() => detectNamespace(['Account'])).toThrow('Stride is not installed in this org');
  });
});
