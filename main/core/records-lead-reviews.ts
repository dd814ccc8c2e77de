// The records client's lines for the quality review (Art. 19): one function per route, spread
// into createRecordsClient (records-client.ts). Lead and above; the service refuses anyone else
// and records the attempt (Art. 10).
import { ReviewDetail, ReviewPage, type ReviewBody } from '../../common/reviews-api.js';
import type { ReviewsListRequest } from '../../common/lead-review.js';
import type { RecordsHttp } from './records-http.js';

type Call = RecordsHttp['request'];
const one = (sessionId: string) => `/api/v1/reviews/${encodeURIComponent(sessionId)}`;

export interface LeadReviewsRecords {
  reviewPage(token: string, query: ReviewsListRequest): Promise<ReviewPage>;
  reviewDetail(token: string, sessionId: string): Promise<ReviewDetail>;
  submitReview(token: string, sessionId: string, body: ReviewBody): Promise<ReviewDetail>;
}

export function leadReviewsRecords(call: Call): LeadReviewsRecords {
  return {
    reviewPage: (token, { status, day, offset }) => {
      const query = new URLSearchParams({ offset: String(offset) });
      if (status) query.set('status', status);
      if (day) query.set('day', day);
      return call('GET', `/api/v1/reviews?${query.toString()}`, ReviewPage, { token });
    },
    reviewDetail: (token, sessionId) => call('GET', one(sessionId), ReviewDetail, { token }),
    submitReview: (token, sessionId, body) =>
      call('POST', one(sessionId), ReviewDetail, { token, body }),
  };
}
