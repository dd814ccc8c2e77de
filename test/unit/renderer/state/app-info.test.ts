import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../common/contract.js';
import {
  appInfoReducer,
  initialAppInfo,
  recordsHost,
  visibleNotices,
} from '../../../../renderer/state/app-info.js';

const info: AppInfo = {
  version: '0.1.0',
  host: 'web',
  recordsUrl: 'https://records.bank.example:8443/',
  embeddedRecords: false,
  notices: [
    { id: 'settings-corrupt', level: 'warning', key: 'settings-corrupt', params: { backup: '/x' } },
    {
      id: 'policy-unknown-keys',
      level: 'warning',
      key: 'policy-unknown-keys',
      params: { keys: 'theme' },
    },
  ],
};

describe('appInfoReducer', () => {
  it('shows every notice until the agent dismisses it', () => {
    const loaded = appInfoReducer(initialAppInfo, { type: 'info-loaded', info });
    expect(visibleNotices(loaded).map((n) => n.id)).toEqual([
      'settings-corrupt',
      'policy-unknown-keys',
    ]);
    const dismissed = appInfoReducer(loaded, { type: 'notice-dismissed', id: 'settings-corrupt' });
    expect(visibleNotices(dismissed).map((n) => n.id)).toEqual(['policy-unknown-keys']);
    expect(appInfoReducer(dismissed, { type: 'notice-dismissed', id: 'settings-corrupt' })).toBe(
      dismissed,
    );
  });

  it('keeps a dismissal when the info is loaded again', () => {
    const dismissed = appInfoReducer(
      appInfoReducer(initialAppInfo, { type: 'info-loaded', info }),
      { type: 'notice-dismissed', id: 'policy-unknown-keys' },
    );
    expect(
      visibleNotices(appInfoReducer(dismissed, { type: 'info-loaded', info })).map((n) => n.id),
    ).toEqual(['settings-corrupt']);
  });

  it('records a failure to read the info', () => {
    expect(appInfoReducer(initialAppInfo, { type: 'info-failed', code: 'internal' })).toMatchObject(
      { info: null, problem: 'internal' },
    );
  });
});

describe('recordsHost', () => {
  it('shows host and port only', () => {
    expect(recordsHost('https://records.bank.example:8443/api')).toBe('records.bank.example:8443');
    expect(recordsHost('http://127.0.0.1:8790')).toBe('127.0.0.1:8790');
  });
  it('shows anything unparseable as it is', () => {
    expect(recordsHost('not a url')).toBe('not a url');
  });
});
