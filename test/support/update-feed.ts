// A local update feed for tests: an HTTP server on loopback serving what IT publishes — the
// channel files (`latest-linux.yml`, `beta-linux.yml` …) and the artefacts — built the way
// electron-builder writes them (version, files with sha512 in base64, stagingPercentage).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublishedRelease {
  channelFile: string;
  version: string;
  artefact: { name: string; bytes: Buffer };
  stagingPercentage?: number;
  /** Publish a wrong hash (a tampered or truncated upload). */
  wrongSha512?: boolean;
}

export const sha512Base64 = (bytes: Buffer): string =>
  createHash('sha512').update(bytes).digest('base64');

/** The channel file's YAML, as electron-builder writes it. */
export function channelYaml(release: PublishedRelease): string {
  const sha512 = release.wrongSha512
    ? sha512Base64(Buffer.from('not the artefact'))
    : sha512Base64(release.artefact.bytes);
  return [
    `version: ${release.version}`,
    'files:',
    `  - url: ${release.artefact.name}`,
    `    sha512: ${sha512}`,
    `    size: ${release.artefact.bytes.length}`,
    `path: ${release.artefact.name}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-12-06T08:00:00.000Z'`,
    ...(release.stagingPercentage === undefined
      ? []
      : [`stagingPercentage: ${release.stagingPercentage}`]),
    '',
  ].join('\n');
}

export interface UpdateFeedServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  publish(release: PublishedRelease): void;
  close(): Promise<void>;
}

export async function startUpdateFeed(): Promise<UpdateFeedServer> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://feed').pathname.slice(1));
    requests.push(name);
    const body = files.get(name);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    publish(release) {
      files.set(release.channelFile, Buffer.from(channelYaml(release)));
      files.set(release.artefact.name, release.artefact.bytes);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
