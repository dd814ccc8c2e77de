// Which SIP account the phone may use once the transport rule (Art. 15) has looked at each source,
// and when the embedded demo records service may start.
import { describe, expect, it } from 'vitest';
import type { SipAccount } from '../../../../common/phone.js';
import { checkedSipAccounts, embeddedDemoAllowed } from '../../../../main/core/secure-config.js';
import type { Settings } from '../../../../main/core/settings.js';
import { recordingLogger } from '../../../support/fakes.js';

const ACCOUNT: SipAccount = {
  wsUrl: 'wss://pbx.bank.example/ws',
  domain: 'pbx.bank.example',
  user: '1001',
  password: 'pw',
};

/** Settings holding only what the phone reads here (the account, stored without its password). */
function storedSettings(account?: Omit<SipAccount, 'password'>): Settings {
  return {
    notices: [],
    get: ((key: string) => (key === 'sipAccount' ? account : undefined)) as Settings['get'],
    view: () => ({ values: { language: 'zh-CN' }, locked: [] }),
    setUserSettings: () => ({ values: { language: 'zh-CN' }, locked: [] }),
    setWindowBounds: () => undefined,
    set: () => undefined,
    lockedByPolicy: () => [],
  };
}

describe('checkedSipAccounts', () => {
  it('completes the stored account with its unsealed password', () => {
    const { password: _pw, ...stored } = ACCOUNT;
    const out = checkedSipAccounts({
      settings: storedSettings(stored),
      policy: {},
      flagAccount: undefined,
      storedPassword: 'pw',
      logger: recordingLogger(),
    });
    expect(out.settings.get('sipAccount')).toEqual(ACCOUNT);
    expect(out.notices).toEqual([]);
  });

  it('drops ws: accounts beyond loopback from flags and settings, one notice', () => {
    const { password: _pw, ...stored } = { ...ACCOUNT, wsUrl: 'ws://10.0.0.9/ws' };
    const out = checkedSipAccounts({
      settings: storedSettings(stored),
      policy: {},
      flagAccount: { ...ACCOUNT, wsUrl: 'ws://pbx.bank.example/ws' },
      storedPassword: 'pw',
      logger: recordingLogger(),
    });
    expect(out.flagAccount).toBeUndefined();
    expect(out.settings.get('sipAccount')).toBeUndefined();
    expect(out.notices.map((n) => n.id)).toEqual(['insecure-sip']);
  });

  it('keeps them when the policy allows insecure transport', () => {
    const flag = { ...ACCOUNT, wsUrl: 'ws://pbx.bank.example/ws' };
    const out = checkedSipAccounts({
      settings: storedSettings(),
      policy: { allowInsecureTransport: true },
      flagAccount: flag,
      storedPassword: null,
      logger: recordingLogger(),
    });
    expect(out.flagAccount).toEqual(flag);
    expect(out.notices).toEqual([]);
  });

  it("completes the policy's account (never holding a password) with the sealed one", () => {
    const { password, ...itsAccount } = ACCOUNT;
    const out = checkedSipAccounts({
      settings: storedSettings(),
      policy: { sipAccount: itsAccount },
      flagAccount: undefined,
      storedPassword: password,
      logger: recordingLogger(),
    });
    expect(out.settings.get('sipAccount')).toEqual(ACCOUNT);
  });

  it("checks the policy's own account too", () => {
    const { password, ...itsAccount } = ACCOUNT;
    const out = checkedSipAccounts({
      settings: storedSettings(),
      policy: { sipAccount: { ...itsAccount, wsUrl: 'ws://pbx.bank.example/ws' } },
      flagAccount: undefined,
      storedPassword: password,
      logger: recordingLogger(),
    });
    expect(out.settings.get('sipAccount')).toBeUndefined();
    expect(out.notices.map((n) => n.id)).toEqual(['insecure-sip']);
  });
});

describe('embeddedDemoAllowed', () => {
  it.each([
    [false, false, {}, true],
    [true, false, {}, false],
    [true, true, {}, true],
    [true, false, { demoMode: true }, true],
    [false, false, { demoMode: false }, false],
  ])('packaged %s, --demo %s, policy %j → %s', (packaged, demoSwitch, policy, allowed) => {
    expect(embeddedDemoAllowed({ packaged, demoSwitch, policy })).toBe(allowed);
  });
});
