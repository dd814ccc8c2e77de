// The lead's review room (Art. 19) in main: each channel one call to the records service with the
// signed-in lead's token. The service is the authority: it refuses anyone below lead and a review
// of one's own call, and records the attempt (Art. 10).
import { AppError } from '../../common/result.js';
import type { AgentProfile } from '../../common/domain.js';
import type { Handlers } from './dispatcher.js';
import type { RecordsClient } from './records-client.js';

type Channels = 'reviews:list' | 'reviews:open' | 'reviews:submit';

export interface LeadReviewsOptions {
  records: Pick<RecordsClient, 'reviewPage' | 'reviewDetail' | 'submitReview'>;
  session: () => { token: string; agent: AgentProfile } | null;
}

export function leadReviewsHandlers(options: LeadReviewsOptions): Pick<Handlers, Channels> {
  const { records } = options;
  const token = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current.token;
  };
  return {
    'reviews:list': (query) => records.reviewPage(token(), query),
    'reviews:open': ({ sessionId }) => records.reviewDetail(token(), sessionId),
    'reviews:submit': ({ sessionId, ...body }) => records.submitReview(token(), sessionId, body),
  };
}
