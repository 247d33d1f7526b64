// Integration suites start an app and a database per suite (jest 29 has no per-project testTimeout).
jest.setTimeout(30_000);
