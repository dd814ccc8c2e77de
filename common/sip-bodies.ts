// SIP message bodies the engine reads or rewrites: the sipfrag status in a REFER's NOTIFY, the
// SDP fix for Chromium's telephone-event (sip-lab.md pitfall 9) and the RTCP multiplexing an offer
// needs from the peer connection (a PBX path through rtpengine). Pure string work, no sip.js.

/**
 * The status code in a REFER's NOTIFY body (message/sipfrag, `SIP/2.0 200 OK`): how the transfer
 * went at the far end. Null when the body is not a sipfrag status line.
 */
export function sipfragStatus(body: string | null | undefined): number | null {
  const match = /^\s*SIP\/2\.0\s+(\d{3})\b/.exec(body ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * Chromium sends malformed RFC 4733 events with Opus when both telephone-event/48000 and /8000
 * are negotiated (sip-lab.md pitfall 9): drop the /8000 payload types from every audio section
 * that also has /48000. A section with /8000 only (a G.711 peer) keeps it. Line endings kept.
 */
export function dropTelephoneEvent8000(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdpSections(sdp);
  let changed = false;
  const out = sections.map((section) => {
    if (!section[0]?.startsWith('m=audio')) return section;
    const events = section
      .map((line) => /^a=rtpmap:(\d+)\s+telephone-event\/(\d+)/i.exec(line))
      .filter((match): match is RegExpExecArray => match !== null);
    const drop = new Set(events.filter((m) => m[2] === '8000').map((m) => m[1]!));
    if (drop.size === 0 || !events.some((m) => m[2] === '48000')) return section;
    changed = true;
    return section
      .filter((line) => {
        const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[\s]/.exec(line)?.[1];
        return pt === undefined || !drop.has(pt);
      })
      .map((line, index) => {
        if (index !== 0) return line;
        const [media, port, proto, ...formats] = line.split(' ');
        return [media, port, proto, ...formats.filter((format) => !drop.has(format))].join(' ');
      });
  });
  return changed ? out.flat().join(eol) : sdp;
}

/** An SDP's lines by section: the session part first, then each m= section (its m= line first). */
function sdpSections(sdp: string): string[][] {
  const sections: string[][] = [[]];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) sections.push([]);
    sections[sections.length - 1]!.push(line);
  }
  return sections;
}

/**
 * How the peer connection must treat RTCP for a received offer. Chromium refuses an offer whose
 * audio is not RTCP-multiplexed when the policy is `require` (a SIP phone's own SDP, or a PBX
 * that does not add `a=rtcp-mux`); `negotiate` takes both. Without an offer (we make it), or
 * when every live audio section multiplexes: `require`, which gathers half the candidates.
 */
export function rtcpMuxPolicyFor(offerSdp: string | null | undefined): 'require' | 'negotiate' {
  if (!offerSdp) return 'require';
  const live = sdpSections(offerSdp).filter(
    (section) => section[0]!.startsWith('m=audio') && !/^m=audio 0 /.test(section[0]!),
  );
  return live.some((section) => !section.includes('a=rtcp-mux')) ? 'negotiate' : 'require';
}
