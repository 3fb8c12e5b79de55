import { keyPrefixOf, makeId, normalizeId, to18 } from '../ids';

describe('record ids', () => {
  it.each([
    ['a01M00000062mPg', 'a01M00000062mPgIAI'],
    ['001M000000qfPyS', '001M000000qfPySIAU'],
    ['a0FE000000D6r3F', 'a0FE000000D6r3FMAR'],
    ['0F9E000000092w2', '0F9E000000092w2KAA'],
    ['aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaAAA'],
    ['AbCdEfGhIjKlMnO', 'AbCdEfGhIjKlMnOVKV'],
    ['aBcDEfgHIJKLMNO', 'aBcDEfgHIJKLMNO025'],
    ['a0RE000000IJmcN', 'a0RE000000IJmcNMAT'],
    ['a0D30000001n7Pi', 'a0D30000001n7PiEAI']
  ])('adds the checksum to %s', (id15, id18) => {
    expect(to18(id15)).toBe(id18);
  });

  it('normalises 15- and 18-character ids, restoring case from the checksum', () => {
    expect(normalizeId('001M000000qfPyS')).toBe('001M000000qfPySIAU');
    expect(normalizeId('001m000000QFpYsiau')).toBe('001M000000qfPySIAU');
    expect(normalizeId('001M000000qfPySIAU')).toBe('001M000000qfPySIAU');
  });

  it('rejects text that is not an id', () => {
    expect(normalizeId('001M000000qfPy')).toBeNull();
    expect(normalizeId('001M000000qfPyS-AU')).toBeNull();
    expect(normalizeId('001M000000qfPySIA9')).toBeNull();
    expect(normalizeId(42)).toBeNull();
  });

  it('makes ids with the key prefix and a valid checksum', () => {
    const id = makeId('00Q', 63);
    expect(id).toBe('00Q8b0000000011EAA');
    expect(keyPrefixOf(id)).toBe('00Q');
    expect(normalizeId(id)).toBe(id);
  });
});
