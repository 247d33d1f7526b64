/**
 * A coded error a module throws on purpose; the global filter maps it to HTTP once (STYLE.md §8).
 * `cause` keeps the original (e.g. a driver error) for logs; it never reaches the client.
 */
export class HwctlError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields?: { field: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HwctlError';
  }
}

export const badRequest = (message: string, field?: string) =>
  new HwctlError('BAD_REQUEST', 400, message, field ? [{ field, message }] : undefined);
export const notFound = (message: string) => new HwctlError('NOT_FOUND', 404, message);
export const conflict = (message: string) => new HwctlError('CONFLICT', 409, message);
