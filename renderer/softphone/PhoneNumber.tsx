import { formatNumber } from './view.js';

/**
 * A number shown in the groups people read it in (`138 1234 5678`). The element carrying it also
 * gets the number itself as `data-number` (caller ID, history), for automation and copy-free lookup.
 */
export function PhoneNumber({ value }: { value: string }) {
  return <>{formatNumber(value)}</>;
}
