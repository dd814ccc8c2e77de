import { describe, expect, it } from 'vitest';
import {
  isDialTarget,
  lastDigits,
  maskNumber,
  normalizeDialTarget,
  normalizeDialNumber,
  parseDialLink,
} from '../../../common/dial.js';

describe('numbers the agent types', () => {
  it.each([
    ['138 1234 5678', '13812345678'],
    ['(010) 8888-0000', '01088880000'],
    ['+86 138.1234.5678', '+8613812345678'],
    ['＋８６１３８', '+86138'],
    ['  2001 ', '2001'],
    ['*72#', '*72#'],
  ])('%j → %j', (text, number) => {
    expect(normalizeDialNumber(text)).toBe(number);
  });

  it.each([[''], ['abc'], ['138-ABCD'], ['+'], ['1'.repeat(33)], ['1+2'], ['<b>1</b>']])(
    'refuses %j',
    (text) => {
      expect(normalizeDialNumber(text)).toBeNull();
    },
  );

  it('accepts SIP addresses and links in the dial field', () => {
    expect(normalizeDialTarget('alice@pbx.bank.example')).toBe('alice');
    expect(normalizeDialTarget('alice')).toBe('alice');
    expect(normalizeDialTarget('sip:2001@pbx.bank.example')).toBe('2001');
    expect(normalizeDialTarget('tel:+86-10-8888-0000')).toBe('+861088880000');
    expect(normalizeDialTarget('alice@')).toBeNull();
    expect(normalizeDialTarget('a b@host')).toBeNull();
  });
});

describe('click-to-dial links', () => {
  it.each([
    ['tel:+86-10-8888-0000', '+861088880000'],
    ['tel:10086;phone-context=+86', '10086'],
    ['TEL:138%201234%205678', '13812345678'],
    ['sip:2001@pbx.bank.example;transport=ws', '2001'],
    ['sips:alice@pbx.bank.example', 'alice'],
    ['sip:3001@127.0.0.1:5066?subject=x', '3001'],
  ])('%s → %s', (link, target) => {
    expect(parseDialLink(link)).toBe(target);
  });

  it.each([
    ['http://bank.example'],
    ['tel:'],
    ['tel:call-me-maybe'],
    ['sip:alice:secret@pbx.bank.example'],
    ['sip:pbx.bank.example'],
    ['sip:%ZZ@x'],
    [`tel:${'1'.repeat(600)}`],
    ['javascript:alert(1)'],
  ])('refuses %s', (link) => {
    expect(parseDialLink(link)).toBeNull();
  });

  it('checks targets the contract accepts', () => {
    expect(isDialTarget('+8613812345678')).toBe(true);
    expect(isDialTarget('alice')).toBe(true);
    expect(isDialTarget('alice@pbx.bank.example')).toBe(false);
    expect(isDialTarget('<script>')).toBe(false);
    expect(isDialTarget('a'.repeat(65))).toBe(false);
  });
});

describe('masking (Art. 11)', () => {
  it('hides all but the last four digits of a customer number, keeps extensions', () => {
    expect(maskNumber('13812345678')).toBe('138****5678');
    expect(maskNumber('+86 138-1234-5678')).toBe('138****5678');
    expect(maskNumber('01088880000')).toBe('010******00');
    expect(maskNumber('sip:2001@pbx.bank.example')).toBe('***@pbx.bank.example');
    expect(maskNumber('2001')).toBe('2001');
    expect(lastDigits('13812345678')).toBe('5678');
    expect(lastDigits('alice@pbx')).toBe('');
  });
});
