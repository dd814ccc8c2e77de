// A customer as the API shows the agent (Art. 8, Art. 11): the family name and a star, the
// mobile's first three and last four digits, the ID number as masked at seeding — never a full
// value. Pure; the caller's number is masked by common/phone-number.ts.
import { titleFromNationalId } from '../../common/customer-title.js';
import type { MaskedCustomer, ReadBack } from '../../common/records-api.js';
import { maskMobile } from '../../common/phone-number.js';

/** `李娜` → `李*`. The first character stands for the family name (compound ones keep one). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length === 0 ? '*' : `${chars[0]}*`;
}

/** The columns a masked customer is made from. */
export interface CustomerRow {
  id: string;
  name: string;
  mobile: string;
  national_id_masked: string;
}

export const maskCustomer = (c: CustomerRow): MaskedCustomer => ({
  id: c.id,
  name: maskName(c.name),
  mobile: maskMobile(c.mobile),
  nationalId: c.national_id_masked,
});

/**
 * The Art. 8 read-back: the full name and the title from the ID number's sex digit (the stored
 * masked form keeps it); the number itself never leaves.
 */
export const readBackOf = (c: Pick<CustomerRow, 'name' | 'national_id_masked'>): ReadBack => ({
  name: c.name,
  title: titleFromNationalId(c.national_id_masked),
});
