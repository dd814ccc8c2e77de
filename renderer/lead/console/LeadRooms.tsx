// renderer/lead/console/: the console's rooms built from the lead's controllers. Each room reads
// its own store; this file decides which rooms a signed-in tier gets and what each tab counts.
import { useTranslation } from 'react-i18next';
import type { ApprovalsController } from '../approvals.js';
import { ApprovalsInbox } from '../ApprovalsInbox.js';
import { openCallbackCount, type CallbackQueueController } from '../callback-queue.js';
import { CallbackQueue } from '../CallbackQueue.js';
import type { FloorController } from '../floor/floor-controller.js';
import { FloorRoom } from '../floor/FloorRoom.js';
import { QueuesRoom } from '../floor/QueuesRoom.js';
import type { ComplaintsController } from '../complaints/controller.js';
import { ComplaintsRoom } from '../complaints/ComplaintsRoom.js';
import { complaintsTab } from '../complaints/store.js';
import type { ReportsController } from '../reports/controller.js';
import { ReportsRoom } from '../reports/ReportsRoom.js';
import { useStore } from '../../state/use-store.js';
import { unacknowledged, openCount } from '../alerts/alerts-store.js';
import { AlertsRoom } from '../alerts/AlertsRoom.js';
import type { AlertsController } from '../alerts/controller.js';
import type { ReviewController } from '../review/controller.js';
import { ReviewRoom } from '../review/ReviewRoom.js';
import { initialReview } from '../review/store.js';
import { LeadConsole, type ConsoleRoomView } from './LeadConsole.js';
import { initialLeadTraining, type LeadTrainingController } from '../training/controller.js';
import { TrainingRoom } from '../training/TrainingRoom.js';
import { initialDevices, type DevicesController } from '../devices/controller.js';
import { DevicesRoom } from '../devices/DevicesRoom.js';

/** The controllers behind the console; main.tsx creates and starts them once. */
export interface LeadControllers {
  approvals: ApprovalsController;
  callbacks: CallbackQueueController;
  /** The floor and queues rooms (one store: both read the team's live figures). */
  floor: FloorController;
  alerts: AlertsController;
  complaints: ComplaintsController;
  /** The quality review room (Art. 19); absent: not offered. */
  review?: ReviewController;
  reports: ReportsController;
  /** The training room (Art. 9); absent: not offered. */
  training?: LeadTrainingController;
  /** The workstations room (Art. 11); absent: not offered. */
  devices?: DevicesController;
}

/** Month, day and time in the lead's language: when something happened today or this week. */
export function useFormatTime(): (at: string) => string {
  const { i18n } = useTranslation();
  return (at) =>
    new Date(at).toLocaleString(i18n.language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
}

/** Stands in for the review store when no review controller is given (hooks run every time). */
const NO_REVIEW = {
  getState: () => initialReview,
  subscribe: () => () => {},
  dispatch: () => {},
};

const NO_DEVICES = {
  getState: () => initialDevices,
  subscribe: () => () => {},
  dispatch: () => {},
};

const NO_TRAINING = {
  getState: () => initialLeadTraining,
  subscribe: () => () => {},
  dispatch: () => {},
};

/** The console with every room the lead's tier opens. */
export function LeadRooms({ lead }: { lead: LeadControllers }) {
  const formatTime = useFormatTime();
  const alerts = useStore(lead.alerts.store);
  const inbox = useStore(lead.approvals.store);
  const queue = useStore(lead.callbacks.store);
  const floor = useStore(lead.floor.store);
  const complaints = useStore(lead.complaints.store);
  const review = useStore(lead.review?.store ?? NO_REVIEW);
  const reports = useStore(lead.reports.store);
  const training = useStore(lead.training?.store ?? NO_TRAINING);
  const devices = useStore(lead.devices?.store ?? NO_DEVICES);
  const rooms: ConsoleRoomView[] = [];
  // The floor first: what a lead watches all shift.
  if (floor.enabled)
    rooms.push(
      {
        room: 'floor',
        content: (
          <FloorRoom
            state={floor}
            onRefresh={() => void lead.floor.refresh()}
            onSetNotReady={lead.floor.setNotReady}
            onDismissOrder={lead.floor.dismissOrder}
            onChooseTeam={(room, team) => void lead.floor.chooseTeam(room, team)}
          />
        ),
      },
      {
        room: 'queues',
        count: floor.queues?.stats.waiting,
        urgent: (floor.queues?.stats.waiting ?? 0) > 0,
        content: (
          <QueuesRoom
            state={floor}
            onRefresh={() => void lead.floor.refreshQueues()}
            onChooseTeam={(room, team) => void lead.floor.chooseTeam(room, team)}
          />
        ),
      },
    );
  if (alerts.enabled)
    rooms.push({
      room: 'alerts',
      count: openCount(alerts),
      urgent: unacknowledged(alerts) > 0,
      content: <AlertsRoom state={alerts} actions={lead.alerts} formatTime={formatTime} />,
    });
  if (inbox.enabled)
    rooms.push({
      room: 'approvals',
      count: inbox.approvals.length,
      urgent: inbox.approvals.length > 0,
      content: (
        <ApprovalsInbox
          state={inbox}
          formatTime={formatTime}
          onRefresh={() => void lead.approvals.refresh()}
          onDecide={lead.approvals.decide}
        />
      ),
    });
  if (queue.enabled)
    rooms.push({
      room: 'callbacks',
      count: openCallbackCount(queue),
      content: (
        <CallbackQueue
          state={queue}
          formatTime={formatTime}
          onRefresh={() => void lead.callbacks.refresh()}
          onClose={lead.callbacks.close}
          onView={(view) => void lead.callbacks.show(view)}
          onMore={() => void lead.callbacks.more()}
        />
      ),
    });
  if (complaints.enabled)
    rooms.push({
      room: 'complaints',
      ...complaintsTab(complaints),
      content: (
        <ComplaintsRoom state={complaints} formatTime={formatTime} actions={lead.complaints} />
      ),
    });
  if (lead.review && review.enabled)
    rooms.push({
      room: 'review',
      ...(review.view === 'pending' && review.loaded ? { count: review.items.length } : {}),
      content: <ReviewRoom state={review} formatTime={formatTime} actions={lead.review} />,
    });
  if (reports.enabled)
    rooms.push({
      room: 'reports',
      content: (
        <ReportsRoom
          state={reports}
          actions={{
            choose: (choice) => void lead.reports.choose(choice),
            refresh: () => void lead.reports.refresh(),
            exportCsv: (lang) => void lead.reports.exportCsv(lang),
            exportPdf: () => void lead.reports.exportPdf(),
          }}
        />
      ),
    });
  if (lead.training && training.enabled)
    rooms.push({
      room: 'training',
      content: (
        <TrainingRoom
          state={training}
          formatTime={formatTime}
          onRefresh={() => void lead.training?.refresh()}
        />
      ),
    });
  if (lead.devices && devices.enabled)
    rooms.push({
      room: 'devices',
      content: <DevicesRoom state={devices} formatTime={formatTime} actions={lead.devices} />,
    });
  return <LeadConsole rooms={rooms} />;
}
