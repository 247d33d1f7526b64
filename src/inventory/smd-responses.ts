import { badRequest } from '../common/errors/hwctl-error';

/** SMD's "success with message" body: {"code":0,"message":"deleted 1 entry"}. */
export function smdMessage(message: string): { code: number; message: string } {
  return { code: 0, message };
}

/** POST answers of SMD collections: 201 [{"URI": …}] (the controller adds the Location header). */
export function uriList(uris: string[]): { URI: string }[] {
  return uris.map((URI) => ({ URI }));
}

export function ensureComponents<T>(items: T[] | undefined): T[] {
  if (!items || items.length === 0) throw badRequest('Missing Components', 'Components');
  return items;
}
