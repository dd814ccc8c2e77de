import { describe, expect, it, vi } from 'vitest';
import { takeDialParam } from '../../../../renderer/softphone/dial-link.js';
import { browserNotifier } from '../../../../renderer/softphone/notifications.js';

describe('?dial= on the web host', () => {
  it('reads the number and removes the parameter from the address bar', () => {
    const history = { replaceState: vi.fn() };
    expect(
      takeDialParam({ search: '?dial=138%201234%205678&x=1', pathname: '/', hash: '#h' }, history),
    ).toBe('13812345678');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1#h');
    expect(takeDialParam({ search: '?dial=tel:10086', pathname: '/', hash: '' }, history)).toBe(
      '10086',
    );
    expect(history.replaceState).toHaveBeenLastCalledWith(null, '', '/');
  });

  it('drops a parameter that is not a number, and leaves other URLs alone', () => {
    const history = { replaceState: vi.fn() };
    expect(takeDialParam({ search: '?dial=<img>', pathname: '/', hash: '' }, history)).toBeNull();
    expect(history.replaceState).toHaveBeenCalledTimes(1);
    expect(takeDialParam({ search: '?lang=en', pathname: '/', hash: '' }, history)).toBeNull();
    expect(history.replaceState).toHaveBeenCalledTimes(1);
  });
});

describe('browserNotifier', () => {
  function fakeNotification(permission: NotificationPermission) {
    const made: FakeNotification[] = [];
    class FakeNotification {
      static permission = permission;
      static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
      onclick: (() => void) | null = null;
      closed = false;
      constructor(
        readonly title: string,
        readonly options: NotificationOptions,
      ) {
        made.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    return { Ctor: FakeNotification, made };
  }

  it('shows a silent, sticky notification only with permission, one at a time; a click focuses the desk', () => {
    const { Ctor, made } = fakeNotification('granted');
    const focus = vi.fn();
    const onClick = vi.fn();
    const notifier = browserNotifier({ Notification: Ctor as never, focus });
    notifier.show('call-1', { title: 't', body: 'b' }, onClick);
    notifier.show('call-2', { title: 't', body: 'b2' }, onClick);
    expect(made.map((n) => [n.closed, n.options.tag])).toEqual([
      [true, 'call-1'],
      [false, 'call-2'],
    ]);
    expect(made[1]!.options).toMatchObject({ silent: true, requireInteraction: true, body: 'b2' });
    made[1]!.onclick?.();
    expect(focus).toHaveBeenCalledTimes(1);
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(made[1]!.closed).toBe(true);
    notifier.close();
  });

  it('does nothing without permission or without the API, and asks only when undecided', async () => {
    const denied = fakeNotification('denied');
    const notifier = browserNotifier({ Notification: denied.Ctor as never });
    notifier.show('x', { title: 't', body: 'b' }, () => {});
    await notifier.requestPermission();
    expect(denied.made).toEqual([]);
    expect(denied.Ctor.requestPermission).not.toHaveBeenCalled();
    const undecided = fakeNotification('default');
    await browserNotifier({ Notification: undecided.Ctor as never }).requestPermission();
    expect(undecided.Ctor.requestPermission).toHaveBeenCalledTimes(1);
    const none = browserNotifier({});
    expect(() => none.show('x', { title: 't', body: 'b' }, () => {})).not.toThrow();
    await none.requestPermission();
  });
});
