import { runCli } from './program';

// `hwctl` entry point (bin/hwctl.js loads the compiled copy). The exit code is set, not forced with
// process.exit, so buffered output to a pipe is never cut short.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `hwctl … | head` closes the pipe early: that is not an error of ours.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
