// The Electron shell's softphone factories (main/shell/phone-shell.ts), with fakes for Electron.
import { describe, expect, it, vi } from 'vitest';
import {
  createCallPowerBlocker,
  createDialRelay,
  dialTargetFromArgv,
  registerDialProtocols,
  trayPresence,
} from '../../../../main/shell/phone-shell.js';
import { recordingLogger } from '../../../support/fakes.js';

describe('dialTargetFromArgv', () => {
  it('finds the first valid tel:/sip: link among the arguments', () => {
    expect(dialTargetFromArgv(['--flag', 'tel:+86-10-8888-0000'])).toBe('+861088880000');
    expect(dialTargetFromArgv(['sip:alice:pw@pbx', 'SIP:2001@pbx.bank.example'])).toBe('2001');
    expect(dialTargetFromArgv(['.', '--inspect'])).toBeNull();
    expect(dialTargetFromArgv(['https://evil.example/tel:1'])).toBeNull();
  });
});

describe('registerDialProtocols', () => {
  it('registers tel and sip in an installed build, and says which failed', () => {
    const logger = recordingLogger();
    const app = { setAsDefaultProtocolClient: vi.fn((scheme: string) => scheme === 'tel') };
    expect(registerDialProtocols(app, { isPackaged: true, logger })).toEqual(['tel']);
    expect(app.setAsDefaultProtocolClient.mock.calls.map(([scheme]) => scheme)).toEqual([
      'tel',
      'sip',
    ]);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('leaves the machine’s links alone in a development build', () => {
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) };
    expect(registerDialProtocols(app, { isPackaged: false, logger: recordingLogger() })).toEqual(
      [],
    );
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });
});

describe('createDialRelay', () => {
  it('holds the latest target until the page is ready, then forwards at once', () => {
    const dial = vi.fn();
    const relay = createDialRelay({ dial, logger: recordingLogger() });
    relay.link('tel:10086');
    relay.link('tel:10010');
    expect(dial).not.toHaveBeenCalled();
    relay.ready();
    expect(dial.mock.calls).toEqual([['10010']]);
    relay.target('2001');
    expect(dial.mock.calls).toEqual([['10010'], ['2001']]);
    relay.notReady();
    relay.link('sip:3001@pbx');
    expect(dial).toHaveBeenCalledTimes(2);
    relay.ready();
    expect(dial).toHaveBeenLastCalledWith('3001');
  });

  it('drops links that are not dialable, without logging the link itself', () => {
    const dial = vi.fn();
    const logger = recordingLogger();
    const relay = createDialRelay({ dial, logger });
    relay.ready();
    relay.link('https://evil.example/13812345678');
    relay.link('tel:13812345678x');
    expect(dial).not.toHaveBeenCalled();
    expect(logger.text()).not.toContain('13812345678');
  });

  it('survives a refused target (the event schema throws)', () => {
    const logger = recordingLogger();
    const relay = createDialRelay({
      dial: () => {
        throw new Error('bad');
      },
      logger,
    });
    relay.ready();
    expect(() => relay.target('x')).not.toThrow();
    expect(logger.lines[0]?.level).toBe('warn');
  });
});

describe('createCallPowerBlocker', () => {
  it('starts prevent-app-suspension once while a call is active and stops it after', () => {
    const started = new Set<number>();
    const blocker = {
      start: vi.fn(() => (started.add(7), 7)),
      stop: vi.fn((id: number) => started.delete(id)),
      isStarted: (id: number) => started.has(id),
    };
    const calls = createCallPowerBlocker(blocker);
    calls.update(true);
    calls.update(true);
    expect(blocker.start).toHaveBeenCalledExactlyOnceWith('prevent-app-suspension');
    expect(calls.isBlocking()).toBe(true);
    calls.update(false);
    expect(blocker.stop).toHaveBeenCalledExactlyOnceWith(7);
    calls.update(false);
    calls.release();
    expect(blocker.stop).toHaveBeenCalledTimes(1);
    expect(calls.isBlocking()).toBe(false);
  });
});

describe('trayPresence', () => {
  it('says on a call over the agent state', () => {
    expect(trayPresence({ callActive: true, agentState: 'ready' })).toBe('on-call');
    expect(trayPresence({ callActive: false, agentState: 'break' })).toBe('break');
    expect(trayPresence({ callActive: false, agentState: null })).toBeNull();
  });
});
