import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { jsonBody } from './common/body-parser';
import { createValidationPipe } from './common/errors/validation';
import { requestLog } from './common/logging/request-log.middleware';
import { HwctlConfig } from './config/config';

/**
 * Builds the HTTP application (shared by main.ts and the integration tests, so tests exercise the
 * same parsers, pipes, filters and guards as production).
 */
export async function createApp(config: HwctlConfig, logger: LoggerService | false): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: logger === false ? false : logger,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(requestLog);
  app.use(jsonBody(config.http.bodyLimit));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('hwctl')
    .setDescription('Bare-metal discovery and hardware control: SMD-compatible inventory (/hsm/v2) and more')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
