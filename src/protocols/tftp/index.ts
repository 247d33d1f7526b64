export * from './tftp.codec';
export * from './tftp-options';
export * from './file-source';
export * from './tftp-transfer';
export * from './tftp-server';
