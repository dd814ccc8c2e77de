// The lead rooms' controllers all follow the session the same way: they run only while a lead (a
// tier that approves, Art. 10) is signed in, start afresh when that lead changes, and read again
// on the push stream's kinds that concern them (and on `resync`), reading who items can be given
// to. One place for it, so the rooms cannot drift apart on who counts as a lead.
import type { AgentDeskApi, ResponseOf } from '../../common/contract.js';
import type { DeskEvent } from '../../common/floor-api.js';
import { mayApprove } from '../../common/policy.js';
import type { SessionState } from '../state/session.js';
import type { Store } from '../state/store.js';

export type SessionSource = Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;

/** The signed-in lead's username, or null (signed out, signing out, a tier that cannot approve). */
export function signedInLead(session: SessionState): string | null {
  return session.status === 'signed-in' && !session.signingOut && mayApprove(session.agent.tier)
    ? session.agent.username
    : null;
}

export interface FollowLeadOptions {
  api: AgentDeskApi;
  session: SessionSource;
  /** The lead changed: a username when one is signed in, null when none is (any more). */
  onLead(lead: string | null): void;
  /** The `records:event` kinds the room reads again on (`resync` among them if it wants it). */
  kinds?: ReadonlySet<string>;
  onEvent?(event: DeskEvent): void;
  /**
   * The leads an item can be given to, read after each sign-in of a lead (once `onLead` ran);
   * an answer that comes after the lead changed is dropped.
   */
  assignees?: {
    channel: 'alerts:assignees' | 'complaints:assignees';
    loaded(leads: ResponseOf<'alerts:assignees'>['leads']): void;
  };
}

/** Follows the session (now, then at every change) and the push stream; returns the way out. */
export function followLead(options: FollowLeadOptions): () => void {
  const { api, session, kinds, onEvent } = options;
  let lead: string | null = null;
  const follow = () => {
    const next = signedInLead(session.getState());
    if (next === lead) return;
    lead = next;
    options.onLead(next);
    const { assignees } = options;
    if (next === null || !assignees) return;
    void api.invoke(assignees.channel, {}).then((r) => {
      if (r.ok && lead === next) assignees.loaded(r.value.leads);
    });
  };
  const offs = [session.subscribe(follow)];
  if (kinds && onEvent)
    offs.push(
      api.on('records:event', (event) => {
        if (kinds.has(event.kind)) onEvent(event);
      }),
    );
  follow();
  return () => {
    for (const off of offs) off();
  };
}
