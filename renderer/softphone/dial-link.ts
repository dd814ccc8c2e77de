// The web host's click-to-dial: a `?dial=<number>` (or `?dial=tel:…`) parameter on the launch URL.
// Read once at start and removed from the address bar, so a reload does not call again.
import { normalizeDialTarget } from '../../common/dial.js';

export interface LocationLike {
  search: string;
  pathname: string;
  hash: string;
}

/** The target in `?dial=`, or null; the parameter is dropped from the URL either way. */
export function takeDialParam(
  location: LocationLike,
  history: Pick<History, 'replaceState'> | null,
): string | null {
  const params = new URLSearchParams(location.search);
  const value = params.get('dial');
  if (value === null) return null;
  params.delete('dial');
  const rest = params.toString();
  history?.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  return normalizeDialTarget(value);
}
