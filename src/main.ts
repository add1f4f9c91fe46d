import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { RedisUnavailableError } from './infra/local-redis.js';

/** Entry point: read config, start, print where to log in, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  // A signal during start-up is honoured once start-up is done, so nothing it opened is left behind.
  let stopRequested: string | undefined;
  const requestStop = (signal: string) => {
    stopRequested = signal;
  };
  process.on('SIGTERM', requestStop);
  process.on('SIGINT', requestStop);

  const app = await startApp(loadConfig());
  if (app.demoLogins) {
    const lines = app.demoLogins.map((login) => `  ${login.role.padEnd(10)} ${login.email.padEnd(22)} ${login.password}`);
    console.log(`\nDemo organisation created. Log in at ${app.url}\n${lines.join('\n')}\n`);
  } else {
    console.log(`\nContact center running at ${app.url}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: no new work, finishing what is in hand');
    await app.stop();
    process.exit(0);
  };
  process.off('SIGTERM', requestStop).on('SIGTERM', () => void stop('SIGTERM'));
  process.off('SIGINT', requestStop).on('SIGINT', () => void stop('SIGINT'));
  if (stopRequested) await stop(stopRequested);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
    console.error(error.message);
  } else {
    console.error('The contact center could not start:', error);
  }
  process.exit(1);
});
