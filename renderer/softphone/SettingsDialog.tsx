import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shortcuts } from '../../common/phone.js';
import { SHORTCUT_ACTIONS, type ShortcutAction } from '../../common/shortcuts.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import type { DeviceState } from '../phone/types.js';
import type { DeviceKind } from './desk.js';
import type { DeskState } from './desk-state.js';

export interface SettingsDialogProps {
  devices: DeviceState;
  shortcuts: Shortcuts;
  shortcutsLocked: boolean;
  desk: Pick<DeskState, 'recording' | 'shortcutProblem' | 'saveProblem'>;
  onDevice: (kind: DeviceKind, deviceId: string) => void;
  onRecord: (action: ShortcutAction | null) => void;
  onClearShortcut: (action: ShortcutAction) => void;
  onResetShortcuts: () => void;
  onClose: () => void;
}

/** Audio devices and keyboard shortcuts, in a modal dialog over the desk. */
export function SettingsDialog(props: SettingsDialogProps) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  const { desk } = props;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="phone-settings-title"
        data-testid="phone-settings"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && desk.recording === null) {
            event.preventDefault();
            props.onClose();
          }
        }}
      >
        <header className="modal__header">
          <h2 id="phone-settings-title" className="modal__title">
            <Icon name="settings" />
            {t('softphone.settings.title')}
          </h2>
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            aria-label={t('softphone.settings.close')}
            title={t('softphone.settings.close')}
            onClick={props.onClose}
          >
            <Icon name="close" />
          </button>
        </header>
        <div className="modal__body">
          <DeviceSettings {...props} />
          <ShortcutSettings {...props} />
        </div>
        <footer className="modal__footer">
          <button type="button" className="button button--primary" onClick={props.onClose}>
            {t('softphone.settings.close')}
          </button>
        </footer>
      </div>
    </div>
  );
}

function DeviceSettings({ devices, desk, onDevice }: SettingsDialogProps) {
  const { t } = useTranslation();
  const rows: { kind: DeviceKind; value: string; list: DeviceState['microphones'] }[] = [
    { kind: 'microphone', value: devices.microphoneId, list: devices.microphones },
    { kind: 'speaker', value: devices.speakerId, list: devices.speakers },
    { kind: 'ringer', value: devices.ringerId, list: devices.speakers },
  ];
  return (
    <section className="settings-section" aria-labelledby="device-settings-title">
      <h3 id="device-settings-title" className="section-title">
        {t('softphone.devices.title')}
      </h3>
      {desk.saveProblem?.what === 'devices' && (
        <p className="field-problem">
          {t('softphone.devices.saveFailed', { reason: t(errorKey(desk.saveProblem.code)) })}
        </p>
      )}
      {rows.map((row) => (
        <DeviceSelect key={row.kind} {...row} onChange={(id) => onDevice(row.kind, id)} />
      ))}
      <p className="field-hint">{t('softphone.devices.ringerHint')}</p>
    </section>
  );
}

function DeviceSelect({
  kind,
  value,
  list,
  onChange,
}: {
  kind: DeviceKind;
  value: string;
  list: DeviceState['microphones'];
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const options = list.filter((device) => device.deviceId !== 'default');
  const known =
    value === 'default' || value === '' || options.some((device) => device.deviceId === value);
  return (
    <div className="settings-row">
      <label htmlFor={id}>{t(`softphone.devices.${kind}`)}</label>
      <select
        id={id}
        data-testid={`device-${kind}`}
        value={value === '' ? 'default' : value}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="default">{t('softphone.devices.systemDefault')}</option>
        {options.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('softphone.devices.unnamed', { n: String(index + 1) })}
          </option>
        ))}
        {!known && <option value={value}>{t('softphone.devices.unknownDevice')}</option>}
      </select>
    </div>
  );
}

function ShortcutSettings({
  shortcuts,
  shortcutsLocked,
  desk,
  onRecord,
  onClearShortcut,
  onResetShortcuts,
}: SettingsDialogProps) {
  const { t } = useTranslation();
  return (
    <section className="settings-section" aria-labelledby="shortcut-settings-title">
      <h3 id="shortcut-settings-title" className="section-title">
        {t('softphone.shortcuts.title')}
      </h3>
      <p className="field-hint">{t('softphone.shortcuts.intro')}</p>
      {shortcutsLocked && (
        <p className="field-note">
          <Icon name="lock" />
          {t('softphone.shortcuts.locked')}
        </p>
      )}
      {desk.saveProblem?.what === 'shortcuts' && (
        <p className="field-problem">
          {t('softphone.shortcuts.saveFailed', { reason: t(errorKey(desk.saveProblem.code)) })}
        </p>
      )}
      <ul className="shortcut-list">
        {SHORTCUT_ACTIONS.map((action) => {
          const label = t(`softphone.shortcuts.actions.${action}`);
          const recording = desk.recording === action;
          const problem =
            desk.shortcutProblem?.action === action ? desk.shortcutProblem.problem : null;
          return (
            <li key={action} className="shortcut-row" data-testid={`shortcut-${action}`}>
              <span className="shortcut-row__label">{label}</span>
              <span className="shortcut-row__combo" aria-live="polite">
                {recording ? (
                  <span className="shortcut-row__recording">
                    {t('softphone.shortcuts.recording')}
                  </span>
                ) : shortcuts[action] ? (
                  <kbd>{shortcuts[action]}</kbd>
                ) : (
                  <span className="shortcut-row__none">{t('softphone.shortcuts.none')}</span>
                )}
              </span>
              <span className="shortcut-row__actions">
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={t('softphone.shortcuts.changeLabel', { action: label })}
                  aria-pressed={recording}
                  disabled={shortcutsLocked}
                  onClick={() => onRecord(recording ? null : action)}
                >
                  {t('softphone.shortcuts.change')}
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={t('softphone.shortcuts.clearLabel', { action: label })}
                  disabled={shortcutsLocked || shortcuts[action] === ''}
                  onClick={() => onClearShortcut(action)}
                >
                  {t('softphone.shortcuts.clear')}
                </button>
              </span>
              {problem && (
                <p className="field-problem shortcut-row__problem" role="alert">
                  {t(`softphone.shortcuts.problem.${problem}`)}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button button--quiet"
        disabled={shortcutsLocked}
        onClick={onResetShortcuts}
      >
        {t('softphone.shortcuts.reset')}
      </button>
    </section>
  );
}
