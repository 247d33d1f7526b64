import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { problem } from './problem';

/**
 * The global pipe (STYLE.md §10): whitelist + forbid unknown fields + transform. Failures become one
 * 400 problem whose `errors` name every bad field with its JSON path ("Components[0].State").
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const detail = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return new BadRequestException({ problem: problem(400, detail, { code: 'VALIDATION_FAILED', errors: fields }) });
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      const unknown = message.startsWith(`property ${e.property} should not exist`);
      out.push({ field, message: unknown ? 'unknown field' : message.replace(new RegExp(`^${e.property} `), '') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
