// The console's devices room (Art. 11): the workstations registered with the records service, when
// each last synced, and revoking one — a second click confirms, because a revoked workstation's
// journal is refused until IT enrols it again (its entries stay on the workstation).
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../common/devices-api.js';
import { Banner } from '../../components/Banner.js';
import { errorKey } from '../../i18n/index.js';
import type { DevicesController, DevicesState } from './controller.js';

export interface DevicesRoomProps {
  state: DevicesState;
  formatTime: (at: string) => string;
  actions: Pick<DevicesController, 'refresh' | 'confirm' | 'revoke'>;
}

export function DevicesRoom({ state, formatTime, actions }: DevicesRoomProps) {
  const { t } = useTranslation();
  const problem = state.revokeProblem;
  return (
    <section
      className="lead-devices"
      data-testid="lead-devices"
      aria-labelledby="lead-devices-title"
    >
      <header className="lead-devices__header">
        <h2 id="lead-devices-title">{t('lead.devices.title')}</h2>
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => void actions.refresh()}
        >
          {t('lead.devices.refresh')}
        </button>
      </header>
      <p className="lead-devices__intro">{t('lead.devices.intro')}</p>
      {state.problem && (
        <Banner level="error" testId="lead-devices-problem">
          {t('lead.devices.failed', { reason: t(errorKey(state.problem)) })}
        </Banner>
      )}
      {problem && (
        <Banner level="error" testId="lead-devices-revoke-problem">
          {t('lead.devices.revokeFailed', {
            device: problem.deviceId,
            reason: t(errorKey(problem.code)),
          })}
        </Banner>
      )}
      {state.loading && state.devices.length === 0 && (
        <p role="status">{t('lead.devices.loading')}</p>
      )}
      {!state.loading && state.devices.length === 0 && !state.problem && (
        <p>{t('lead.devices.empty')}</p>
      )}
      {state.devices.length > 0 && (
        <table className="lead-devices__table">
          <caption>{t('lead.devices.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lead.devices.device')}</th>
              <th scope="col">{t('lead.devices.fingerprint')}</th>
              <th scope="col">{t('lead.devices.registered')}</th>
              <th scope="col">{t('lead.devices.lastSync')}</th>
              <th scope="col">{t('lead.devices.status')}</th>
              <th scope="col">{t('lead.devices.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {state.devices.map((device) => (
              <DeviceRow
                key={device.deviceId}
                device={device}
                state={state}
                formatTime={formatTime}
                actions={actions}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeviceRow({
  device,
  state,
  formatTime,
  actions,
}: {
  device: DeviceView;
  state: DevicesState;
  formatTime: (at: string) => string;
  actions: DevicesRoomProps['actions'];
}) {
  const { t } = useTranslation();
  const id = device.deviceId;
  const revoked = device.status === 'revoked';
  return (
    <tr data-testid="device-row" data-device={id} data-status={device.status}>
      <th scope="row" className="lead-devices__id">
        {id}
      </th>
      <td className="lead-devices__fingerprint">{device.fingerprint}</td>
      <td>{formatTime(device.registeredAt)}</td>
      <td>{device.lastSyncAt ? formatTime(device.lastSyncAt) : t('lead.devices.never')}</td>
      <td>
        {revoked ? (
          <span className="lead-devices__revoked">
            {t('lead.devices.revoked', {
              by: device.revokedBy ?? '',
              at: device.revokedAt ? formatTime(device.revokedAt) : '',
            })}
          </span>
        ) : (
          t('lead.devices.active')
        )}
      </td>
      <td>
        {!revoked && state.confirming !== id && (
          <button
            type="button"
            className="button button--small"
            data-testid="device-revoke"
            aria-label={t('lead.devices.revokeLabel', { device: id })}
            disabled={state.revoking !== null}
            onClick={() => actions.confirm(id)}
          >
            {t('lead.devices.revoke')}
          </button>
        )}
        {!revoked && state.confirming === id && (
          <span className="lead-devices__actions">
            <button
              type="button"
              className="button button--primary button--small"
              data-testid="device-revoke-confirm"
              aria-label={t('lead.devices.confirmLabel', { device: id })}
              onClick={() => void actions.revoke(id)}
            >
              {t('lead.devices.confirm')}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => actions.confirm(null)}
            >
              {t('lead.devices.cancel')}
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
