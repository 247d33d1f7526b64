// Interop and e2e suites also start real third-party peers and built binaries.
jest.setTimeout(120_000);
