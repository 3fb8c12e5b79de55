import fc from 'fast-check';
import { smsSegments } from '../sms';

describe('smsSegments', () => {
  it.each<[string, string, ReturnType<typeof smsSegments>]>([
    ['empty', '', { encoding: 'GSM-7', segments: 0, characters: 0, perSegment: 160 }],
    ['plain text', 'Hello there', { encoding: 'GSM-7', segments: 1, characters: 11, perSegment: 160 }],
    [
      'extension characters count twice',
      'Hello {world}',
      { encoding: 'GSM-7', segments: 1, characters: 15, perSegment: 160 }
    ],
    ['euro sign counts twice', '€5', { encoding: 'GSM-7', segments: 1, characters: 3, perSegment: 160 }],
    [
      'û is outside the GSM alphabet',
      'Ça coûte 5£ à Zürich',
      { encoding: 'UCS-2', segments: 1, characters: 20, perSegment: 70 }
    ],
    [
      'í is outside the GSM alphabet',
      'Ça va à Zürich, señor? ¿Sí?',
      { encoding: 'UCS-2', segments: 1, characters: 27, perSegment: 70 }
    ],
    [
      'GSM accented letters',
      'èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà§¿¡',
      { encoding: 'GSM-7', segments: 1, characters: 26, perSegment: 160 }
    ],
    ['exactly 160', 'x'.repeat(160), { encoding: 'GSM-7', segments: 1, characters: 160, perSegment: 160 }],
    [
      '161 needs two parts of 153',
      'x'.repeat(161),
      { encoding: 'GSM-7', segments: 2, characters: 161, perSegment: 153 }
    ],
    [
      '306 fills two parts',
      'x'.repeat(306),
      { encoding: 'GSM-7', segments: 2, characters: 306, perSegment: 153 }
    ],
    [
      '307 needs three',
      'x'.repeat(307),
      { encoding: 'GSM-7', segments: 3, characters: 307, perSegment: 153 }
    ],
    [
      'an extension character is not split across parts',
      `${'x'.repeat(152)}{${'x'.repeat(10)}`,
      { encoding: 'GSM-7', segments: 2, characters: 164, perSegment: 153 }
    ],
    [
      'an emoji switches to UCS-2',
      'Hi 👋',
      { encoding: 'UCS-2', segments: 1, characters: 5, perSegment: 70 }
    ],
    ['exactly 70 UCS-2', 'ж'.repeat(70), { encoding: 'UCS-2', segments: 1, characters: 70, perSegment: 70 }],
    [
      '71 UCS-2 needs two parts of 67',
      'ж'.repeat(71),
      { encoding: 'UCS-2', segments: 2, characters: 71, perSegment: 67 }
    ],
    [
      'an emoji is not split across parts',
      `${'ж'.repeat(66)}👋${'ж'.repeat(5)}`,
      { encoding: 'UCS-2', segments: 2, characters: 73, perSegment: 67 }
    ]
  ])('%s', (_name, text, expected) => {
    expect(smsSegments(text)).toEqual(expected);
  });

  it('parts always hold the message: capacity × parts ≥ length, and one part fewer would not', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '{', '€', 'ж', '👋', '\n'), maxLength: 400 }),
        (text) => {
          const { segments, characters, perSegment } = smsSegments(text);
          expect(segments * perSegment).toBeGreaterThanOrEqual(characters);
          if (segments > 1) expect((segments - 1) * perSegment).toBeLessThan(characters);
        }
      )
    );
  });
});
