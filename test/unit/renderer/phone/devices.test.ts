import { describe, expect, it } from 'vitest';
import {
  listDevices,
  microphoneConstraints,
  normalizeDeviceId,
  rememberLabels,
  resolveFallbacks,
  sinkIdFor,
  type DeviceInfoLike,
} from '../../../../renderer/phone/devices.js';

const devices: DeviceInfoLike[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default' },
  { deviceId: 'headset-mic', kind: 'audioinput', label: 'Headset Microphone' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default' },
  { deviceId: 'headset-out', kind: 'audiooutput', label: 'Headset Earphones' },
  { deviceId: 'desk-speaker', kind: 'audiooutput', label: 'Desk Speaker' },
  { deviceId: 'cam', kind: 'videoinput', label: 'Camera' },
];
const choice = { microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: 'desk-speaker' };

describe('listDevices', () => {
  it('splits microphones from speakers and leaves cameras out', () => {
    const { microphones, speakers } = listDevices(devices);
    expect(microphones.map((d) => d.deviceId)).toEqual(['default', 'headset-mic']);
    expect(speakers.map((d) => d.label)).toEqual(['Default', 'Headset Earphones', 'Desk Speaker']);
  });
});

describe('resolveFallbacks', () => {
  it('keeps choices that are still there', () => {
    expect(resolveFallbacks(choice, devices)).toEqual({ choice, fellBack: [] });
  });

  it('falls back to the default for each chosen device that is gone (headset pulled), with its label', () => {
    const labels = new Map<string, string>();
    rememberLabels(labels, devices);
    const unplugged = devices.filter((d) => !d.deviceId.startsWith('headset'));
    expect(resolveFallbacks(choice, unplugged, labels)).toEqual({
      choice: { microphoneId: 'default', speakerId: 'default', ringerId: 'desk-speaker' },
      fellBack: [
        { kind: 'microphone', label: 'Headset Microphone' },
        { kind: 'speaker', label: 'Headset Earphones' },
      ],
    });
  });

  it('treats the ringer like the speaker, separately', () => {
    const noDesk = devices.filter((d) => d.deviceId !== 'desk-speaker');
    expect(resolveFallbacks(choice, noDesk).fellBack).toEqual([{ kind: 'ringer', label: '' }]);
  });

  it('concludes nothing without device ids (no permission yet, or enumeration failed)', () => {
    const anonymous = devices.map((d) => ({ ...d, deviceId: '', label: '' }));
    expect(resolveFallbacks(choice, anonymous).fellBack).toEqual([]);
    expect(resolveFallbacks(choice, []).fellBack).toEqual([]);
  });

  it('never falls back from the default', () => {
    const defaults = { microphoneId: 'default', speakerId: '', ringerId: 'default' };
    expect(resolveFallbacks(defaults, devices.slice(0, 1)).fellBack).toEqual([]);
  });
});

describe('microphoneConstraints and sinks', () => {
  it('asks for the exact chosen microphone, or any for the default', () => {
    expect(microphoneConstraints('headset-mic')).toMatchObject({
      audio: { deviceId: { exact: 'headset-mic' }, echoCancellation: true },
      video: false,
    });
    expect(microphoneConstraints('default').audio).not.toHaveProperty('deviceId');
    expect(microphoneConstraints('').audio).not.toHaveProperty('deviceId');
  });

  it('uses "" as the sink id of the default output', () => {
    expect(sinkIdFor('default')).toBe('');
    expect(sinkIdFor('')).toBe('');
    expect(sinkIdFor('headset-out')).toBe('headset-out');
    expect(normalizeDeviceId('  ')).toBe('default');
  });
});
