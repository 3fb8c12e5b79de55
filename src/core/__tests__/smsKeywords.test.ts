import { smsKeyword } from '../smsKeywords';

describe('smsKeyword', () => {
  it('recognises the opt-out words alone, whatever the case, spaces and final punctuation', () => {
    expect(
      ['STOP', 'stop', ' Stop. ', 'STOPALL', 'Unsubscribe', 'cancel', 'END!', 'quit'].map(smsKeyword)
    ).toEqual(['opt-out', 'opt-out', 'opt-out', 'opt-out', 'opt-out', 'opt-out', 'opt-out', 'opt-out']);
  });

  it('recognises START and UNSTOP as opting back in', () => {
    expect([smsKeyword('START'), smsKeyword('unstop')]).toEqual(['opt-in', 'opt-in']);
  });

  it('treats anything else as an ordinary reply', () => {
    expect(
      [smsKeyword('Please stop calling me'), smsKeyword('yes'), smsKeyword(''), smsKeyword(null)].map(
        (k) => k
      )
    ).toEqual([null, null, null, null]);
  });
});
