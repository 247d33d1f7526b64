import { IpmiError, IpmiErrorCode } from '../../protocols/ipmi';
import { CliError, EXIT, ExitCode } from '../cli-error';

/** Exit codes follow the CLI contract (cli-error.ts): 3 when the BMC cannot be reached, 2 for bad input. */
const EXIT_FOR: Record<IpmiErrorCode, ExitCode> = {
  BMC_UNREACHABLE: EXIT.unreachable,
  BMC_TIMEOUT: EXIT.unreachable,
  BMC_AUTH_FAILED: EXIT.api,
  IPMI_COMPLETION_CODE: EXIT.api,
  IPMI_SESSION_REFUSED: EXIT.api,
  IPMI_INVALID_ARGUMENT: EXIT.usage,
};

/**
 * One stderr line for a failed step, ipmitool's wording first ("Set Chassis Power Control to Cycle failed:
 * Command not supported in present state") and the error code last, so scripts can grep either.
 * `what` names the step ("… failed"); errors that are not IpmiErrors pass through unchanged.
 */
export function ipmiCliError(err: unknown, what: string): unknown {
  if (!(err instanceof IpmiError)) return err;
  const detail =
    err.code === 'IPMI_COMPLETION_CODE' && err.completionCode !== undefined
      ? `${capitalize(err.meaning ?? 'error')} (completion code 0x${err.completionCode.toString(16).padStart(2, '0')})`
      : err.message;
  return new CliError(`${what}: ${detail} [${err.code}]`, EXIT_FOR[err.code]);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
