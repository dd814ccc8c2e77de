// Masks and normalisation for what the verification API shows the agent (Art. 8, Art. 11): the
// family name and a star, the mobile's first three and last four digits, never a full value.

/** `李娜` → `李*`. The first character stands for the family name (compound names keep one). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length === 0 ? '*' : `${chars[0]}*`;
}

// The caller-number forms live in common/ (the desk masks the same way for its call-back queue).
export { maskCaller, normaliseCaller } from '../../common/caller.js';
