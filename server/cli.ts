// `npm run server`: the records service as its own process. Logs go to stderr; stdout carries
// exactly one line, `listening: <url>`, so scripts and end-to-end tests can wait for it.
import { CliUsageError, parseCliArgs, USAGE, type SmsConfig } from './cli-args.js';
import { createFileOutbox, createWebhookGateway, type SmsGateway } from './sms.js';
import { startRecordsService } from './start.js';

function smsGateway(config: SmsConfig | undefined): SmsGateway | undefined {
  if (!config) return undefined;
  if (config.kind === 'file') return createFileOutbox(config.path);
  return createWebhookGateway({
    url: config.url,
    headers: config.headers,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`records service: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (config.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  for (const warning of config.warnings ?? [])
    process.stderr.write(`records service: warning: ${warning}\n`);

  let service;
  try {
    service = await startRecordsService({
      port: config.port,
      host: config.host,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      pepper: config.pepper,
      demo: config.demo,
      ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
      ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
      ...(config.metricsPort !== undefined
        ? { metricsPort: config.metricsPort, metricsHost: config.metricsHost }
        : {}),
      drainDelayMs: config.drainSeconds * 1000,
      seedFile: config.seedFile,
      sms: smsGateway(config.sms),
      verification: {
        checkRateLimit: { max: config.checksPerMinute, timeWindowMs: 60_000 },
        lookupRateLimit: { max: config.lookupsPerMinute, timeWindowMs: 60_000 },
      },
      complaintResponseDays: config.complaintResponseDays,
      retentionYears: config.retentionYears,
      review: config.review,
      targets: config.targets,
      ...(config.trainingDir ? { trainingDir: config.trainingDir } : {}),
      ...(config.requireTraining ? { requireTraining: config.requireTraining } : {}),
      requireRegisteredDevices: config.allowUnregisteredDevices !== true,
      ...(config.ingestConcurrency ? { ingestConcurrency: config.ingestConcurrency } : {}),
    });
  } catch (error) {
    process.stderr.write(`records service failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // The signal handlers go in before `listening:` is announced: an orchestrator may stop the
  // service the moment it reads that line, and an unhandled SIGTERM would skip the graceful close.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second Ctrl-C means "now"
    stopping = true;
    process.stderr.write(`records service: ${signal}, closing\n`);
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`records service: close failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (service.metricsUrl)
    process.stderr.write(`records service: metrics at ${service.metricsUrl}\n`);
  process.stdout.write(`listening: ${service.url}\n`);
}

void main();
