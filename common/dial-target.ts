// What the agent dials, as a SIP URI on the account's own domain. Pure; the engine dials and
// transfers to what this returns. Never dials a host a link or a web page chose: calls go
// through the bank's proxy only.
import { CALLER_NUMBER_MAX, safeDecode } from './caller-id.js';

/**
 * What the agent typed or clicked (a number with separators, `tel:…`, or `sip:user@host`) as a
 * SIP URI on the account's own domain. A `sip:` link's host is replaced: calls go through the
 * bank's proxy only, never to a host a web page chose. Null when there is no number in it.
 */
export function dialTarget(input: string, domain: string): { uri: string; number: string } | null {
  const text = input.trim();
  if (text === '' || text.length > 256) return null;
  let user: string;
  const sip = /^sips?:([^@;?]+)(?:@[^;?]*)?(?:[;?].*)?$/i.exec(text);
  const tel = /^tel:([^;?]+)(?:[;?].*)?$/i.exec(text);
  if (sip) user = safeDecode(sip[1]!);
  else if (tel) user = safeDecode(tel[1]!).replace(/[\s().-]/g, '');
  else if (/^[+]?[0-9*#\s().-]+$/.test(text)) user = text.replace(/[\s().-]/g, '');
  else if (/^[A-Za-z0-9._+-]+$/.test(text)) user = text;
  else return null;
  if (user === '' || user.length > CALLER_NUMBER_MAX || !/^[A-Za-z0-9+*#._-]+$/.test(user))
    return null;
  const escaped = user.replace(/#/g, '%23');
  return { uri: `sip:${escaped}@${domain}`, number: user };
}
