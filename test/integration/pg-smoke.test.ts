import { Client } from 'pg';

test('PostgreSQL from global setup answers', async () => {
  const c = new Client({ connectionString: process.env.HWCTL_TEST_DATABASE_URL });
  await c.connect();
  const r = await c.query('select 1 as one');
  await c.end();
  expect(r.rows[0].one).toBe(1);
});
