import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { HwctlError } from './errors/hwctl-error';

/**
 * Validates a body part the global pipe cannot see (e.g. SMD endpoints that take one object or a
 * wrapped list). Same rules as the pipe: unknown fields rejected, every bad field named with its path.
 */
export function validateDto<T extends object>(cls: new () => T, plain: unknown, at = ''): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new HwctlError('VALIDATION_FAILED', 400, `${at || 'body'}: expected a JSON object`, [{ field: at || 'body', message: 'expected a JSON object' }]);
  }
  const obj = plainToInstance(cls, plain);
  const errors = validateSync(obj, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const fields = flatten(errors, at);
    throw new HwctlError('VALIDATION_FAILED', 400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  return obj;
}

function flatten(errors: ValidationError[], prefix: string): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({
      field,
      message: m.startsWith(`property ${e.property} should not exist`) ? 'unknown field' : m.replace(new RegExp(`^${e.property} `), ''),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
