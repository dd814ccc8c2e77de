// Art. 8: the read-back's title from the ID number's sex digit (the 17th character). Every ID
// number here uses region prefix 99, which no Chinese province uses: synthetic.
import { describe, expect, it } from 'vitest';
import { titleFromNationalId } from '../../../common/customer-title.js';
import { maskNationalId } from '../../../common/national-id.js';

describe('titleFromNationalId', () => {
  it.each([
    ['990101198503120010', 'mr'], // 17th character 1: odd
    ['990102199007180023', 'ms'], // 2: even
    ['990101200002290054', 'mr'], // 5
    ['990304199512250049', 'ms'], // 4
    ['990405198806300061', 'ms'], // 6
    ['990101199001010000', 'ms'], // 0 is even
    ['990101199001010090', 'mr'], // 9
  ] as const)('%s → %s', (id, title) => {
    expect(titleFromNationalId(id)).toBe(title);
  });

  it('reads an ID ending in X by its 17th character, not the check character', () => {
    expect(titleFromNationalId('99010119700101001X')).toBe('mr');
    expect(titleFromNationalId('99010119700101002x')).toBe('ms');
  });

  it('gives the same title from the masked form the records service keeps', () => {
    for (const id of ['990101198503120010', '990102199007180023', '99010119700101001X']) {
      expect(titleFromNationalId(maskNationalId(id))).toBe(titleFromNationalId(id));
    }
    expect(titleFromNationalId('9***************10')).toBe('mr');
    expect(titleFromNationalId(' 9***************2x ')).toBe('ms');
  });

  it.each([
    ['empty', ''],
    ['15-digit first generation', '990101850312001'],
    ['too short', '99010119850312001'],
    ['too long', '9901011985031200100'],
    ['a letter inside', '99010119850312A010'],
    ['X at the sex digit', '9901011985031200X0'],
    ['masked sex digit', '9****************0'],
    ['masked too short', '9**************10'],
    ['stars elsewhere', '990101********0010'],
  ])('malformed (%s) → no title', (_label, id) => {
    expect(titleFromNationalId(id)).toBeNull();
  });
});
