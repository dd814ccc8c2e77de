// The quality review's routes (Art. 19): the queue of sampled sessions, one session with its
// call's whole timeline (the archive's, audited like an archive read), and the review — every step
// marked, a reason for each incorrect one, once, never of the reviewer's own call. Leads only:
// anyone below is refused and recorded (Art. 10). A review commits with its NOTIFY.
import type { AgentProfile } from '../../common/domain.js';
import { checkMarks } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import {
  ReviewBody,
  ReviewDetail,
  ReviewListQuery,
  ReviewPage,
  ReviewSessionParams,
} from '../../common/reviews-api.js';
import { namesOf } from '../alerts/workflow.js';
import { auditLookup } from '../archive/access.js';
import { findCall } from '../archive/search.js';
import { callTimeline, timelinePeople } from '../archive/timeline.js';
import type { Queryable } from '../db.js';
import { notifyEvent } from '../events/bus.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead, overPermission } from '../permissions.js';
import {
  insertReview,
  listReviews,
  lockQueueEntry,
  readReview,
  readReviewItem,
  stepsToReview,
} from './repository.js';

/** The sampled session whole; 404 when it was never sampled. The timeline read is audited. */
async function detailOf(
  tx: Queryable,
  sessionId: string,
  reader: AgentProfile,
  at: Date,
): Promise<ReviewDetail> {
  const item = await readReviewItem(tx, sessionId);
  if (!item) throw new AppError('not-found', 'this session is not in the review queue');
  const call = await findCall(tx, item.callId);
  if (!call) throw new AppError('not-found', 'no archived record carries this call id');
  const items = await callTimeline(tx, item.callId);
  await auditLookup(tx, {
    at,
    by: reader.username,
    action: 'timeline',
    criteria: { call: item.callId, review: sessionId },
    results: items.length,
  });
  const review = await readReview(tx, sessionId);
  const names = await namesOf(tx, [...timelinePeople(items), ...(review ? [review.reviewer] : [])]);
  return {
    item,
    steps: await stepsToReview(tx, sessionId),
    timeline: { call, items, names },
    review: review
      ? {
          reviewer: review.reviewer,
          reviewerName: names[review.reviewer] ?? review.reviewer,
          reviewedAt: new Date(review.reviewed_at).toISOString(),
          correct: review.correct,
          steps: review.steps,
          note: review.note,
        }
      : null,
  };
}

export async function reviewsPlugin(api: Api, deps: RouteDeps): Promise<void> {
  api.get(
    '/api/v1/reviews',
    {
      schema: {
        summary:
          'The quality review queue (Art. 19): sampled sessions, newest day first, pending or ' +
          'reviewed, by team; leads only',
        tags: ['approvals'],
        security: BEARER,
        querystring: ReviewListQuery,
        response: { 200: ReviewPage, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLead(deps, request, 'list-reviews', async (tx) => {
        const { team, ...rest } = request.query;
        return listReviews(tx, {
          ...rest,
          team: team === undefined || team === 'all' ? null : team,
        });
      }),
  );

  api.get(
    '/api/v1/reviews/:sessionId',
    {
      schema: {
        summary:
          'One sampled session: its call’s timeline (steps, outcomes, approvals, journal), the ' +
          'steps to mark and the review once made; leads only, audited',
        tags: ['approvals'],
        security: BEARER,
        params: ReviewSessionParams,
        response: {
          200: ReviewDetail,
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request) =>
      asLead(deps, request, 'read-review', (tx, lead, at) =>
        detailOf(tx, request.params.sessionId, lead, at),
      ),
  );

  api.post(
    '/api/v1/reviews/:sessionId',
    {
      schema: {
        summary:
          'Review a sampled session (Art. 19): every step marked correct or incorrect (with a ' +
          'reason from the list), once; never one’s own call; leads only',
        tags: ['approvals'],
        security: BEARER,
        params: ReviewSessionParams,
        body: ReviewBody,
        response: {
          200: ReviewDetail,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const { sessionId } = request.params;
      const detail = await asLead(deps, request, 'review-session', async (tx, lead, at) => {
        if (!(await lockQueueEntry(tx, sessionId)))
          throw new AppError('not-found', 'this session is not in the review queue');
        const item = (await readReviewItem(tx, sessionId))!;
        if (item.agentUsername === lead.username)
          return overPermission(
            tx,
            at,
            lead,
            'review-own-call',
            'nobody reviews their own call (Art. 19); the attempt was recorded',
            { sessionId },
          );
        if (item.status === 'reviewed')
          throw new AppError('conflict', 'this session was already reviewed');
        const marks = request.body.steps;
        const checked = checkMarks(await stepsToReview(tx, sessionId), marks);
        if (!checked.ok) throw new AppError('bad-request', checked.message);
        await insertReview(tx, {
          sessionId,
          reviewer: lead.username,
          at,
          correct: checked.correct,
          steps: marks,
          note: request.body.note ?? null,
        });
        await notifyEvent(tx, 'review.done', sessionId, item.agentUsername);
        return detailOf(tx, sessionId, lead, at);
      });
      request.log.info(
        { session: sessionId, correct: detail.review?.correct },
        'session reviewed (Art. 19)',
      );
      return detail;
    },
  );
}
