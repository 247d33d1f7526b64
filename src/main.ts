import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config.loader';
import { createLogger } from './common/logging/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hwctld: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  const app = await createApp(config, logger);
  await app.listen(config.http.port, config.http.host);
  logger.log({
    msg: 'hwctld listening',
    url: `http://${config.http.host}:${config.http.port}`,
    database: config.database.type,
    auth: config.auth.enabled ? (config.auth.jwksUrl ? 'jwt+jwks' : 'jwt') : 'off',
  });
}

main().catch((err) => {
  process.stderr.write(`hwctld: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
