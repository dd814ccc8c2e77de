// One cleaner for every phone number (compactPhoneNumber) and the kinds built on it: mobiles,
// caller numbers, and their masked forms (Art. 8, 11). All numbers here are synthetic.
import { describe, expect, it } from 'vitest';
import {
  compactPhoneNumber,
  isMaskedNumber,
  maskCaller,
  maskMobile,
  normalizeCallerNumber,
  normalizeMobile,
} from '../../../common/phone-number.js';

describe('compactPhoneNumber', () => {
  it.each([
    ['  139 0000 0001 ', '13900000001'],
    ['(010) 0000-0001', '01000000001'],
    ['＋８６ １３９（0000）0001', '+8613900000001'],
    ['139\u00a00000\u30000001', '13900000001'],
    ['*#12', '*#12'],
  ])('%j → %s', (input, compact) => {
    expect(compactPhoneNumber(input)).toBe(compact);
  });
});

describe('normalizeMobile', () => {
  it.each([
    ['13900000001', '13900000001'],
    ['139 0000 0001', '13900000001'],
    ['139-0000-0001', '13900000001'],
    ['+86 139 0000 0001', '13900000001'],
    ['+86-13900000001', '13900000001'],
    ['0086 139-0000-0001', '13900000001'],
    ['(+86) 139.0000.0001', '13900000001'],
    ['19900000009', '19900000009'],
  ])('%j → %s', (input, mobile) => {
    expect(normalizeMobile(input)).toBe(mobile);
  });

  it.each([
    ['12900000001'], // second digit must be 3-9
    ['1390000000'], // 10 digits
    ['139000000011'], // 12 digits
    ['8613900000001'], // country code without + or 00
    ['+1 139 0000 0001'],
    ['1390000000a'],
    [''],
  ])('refuses %j', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });
});

describe('maskMobile', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 139-0000-0001', '139****0001'],
    ['garbage', '*******'],
  ])('%j → %s', (input, masked) => {
    expect(maskMobile(input)).toBe(masked);
  });
});

describe('normalizeCallerNumber', () => {
  it.each([
    ['+86 139 0000 0001', '13900000001'],
    ['010-0000-0001', '01000000001'],
    ['+44 20 7946 0000', '+442079460000'],
    ['＋８６１３９００００００01', '13900000001'],
  ])('%j → %s', (input, caller) => {
    expect(normalizeCallerNumber(input)).toBe(caller);
  });

  it.each([['12'], ['anonymous'], ['1390000000a'], ['+'], ['']])('refuses %j', (input) => {
    expect(normalizeCallerNumber(input)).toBeNull();
  });
});

describe('maskCaller', () => {
  it.each([
    ['13900000001', '139****0001'],
    ['01000000001', '010******01'],
    ['12345', '*****'],
  ])('%j → %s', (input, masked) => {
    expect(maskCaller(input)).toBe(masked);
  });
});

describe('isMaskedNumber', () => {
  it.each([['139****0002'], ['010******01']])('%j is masked: never redialled', (text) => {
    expect(isMaskedNumber(text)).toBe(true);
  });
  it.each([['13900000002'], ['*72'], ['1001'], ['*#06#'], ['']])('%j is a number', (text) => {
    expect(isMaskedNumber(text)).toBe(false);
  });
});
