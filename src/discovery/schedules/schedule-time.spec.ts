import { nextRunAfter, nextSlot, validateCron } from './schedule-time';

describe('schedule times', () => {
  it('adds the interval', () => {
    expect(nextRunAfter({ intervalSeconds: 900, cron: null }, new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:15:00.000Z');
  });

  it('follows a cron expression in UTC', () => {
    expect(nextRunAfter({ intervalSeconds: null, cron: '0 */2 * * *' }, new Date('2026-01-01T00:30:00Z'))).toBe('2026-01-01T02:00:00.000Z');
  });

  it('skips missed slots instead of running them all', () => {
    expect(nextSlot({ intervalSeconds: 60, cron: null }, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:10:30Z'))).toBe('2026-01-01T00:11:00.000Z');
  });

  it('jumps over years of missed slots at once, keeping the phase', () => {
    expect(nextSlot({ intervalSeconds: 3600, cron: null }, new Date('2000-01-01T00:00:00Z'), new Date('2026-05-05T10:30:00Z'))).toBe('2026-05-05T11:00:00.000Z');
    expect(nextSlot({ intervalSeconds: null, cron: '0 * * * *' }, new Date('2000-01-01T00:00:00Z'), new Date('2026-05-05T10:30:00Z'))).toBe('2026-05-05T11:00:00.000Z');
  });

  it('reports a bad cron expression', () => {
    expect(validateCron('0 */2 * * *')).toBeUndefined();
    expect(validateCron('every tuesday')).toMatch(/./);
  });
});
