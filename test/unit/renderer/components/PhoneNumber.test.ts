// A phone number as people read it: mainland mobiles grouped, every other number whole.
import { describe, expect, it } from 'vitest';
import { formatNumber, numberGroups } from '../../../../renderer/components/PhoneNumber.js';

describe('phone number', () => {
  it('groups mainland mobiles for reading, leaves other numbers whole', () => {
    expect(numberGroups('13812345678')).toEqual(['138', '1234', '5678']);
    expect(formatNumber('13812345678')).toBe('138 1234 5678');
    expect(formatNumber('2001')).toBe('2001');
    expect(formatNumber('+8613812345678')).toBe('+8613812345678');
  });
});
