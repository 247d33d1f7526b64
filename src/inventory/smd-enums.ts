// hms-base enumerations as SMD accepts them: matched case-insensitively, stored in canonical case.
export const STATES = ['Unknown', 'Empty', 'Populated', 'Off', 'On', 'Standby', 'Halt', 'Ready'] as const;
export const FLAGS = ['Unknown', 'OK', 'Warning', 'Alert', 'Locked'] as const;
export const ROLES = ['Compute', 'Service', 'System', 'Application', 'Storage', 'Management'] as const;
export const SUB_ROLES = ['Master', 'Worker', 'Storage'] as const;
export const ARCHES = ['X86', 'ARM', 'UNKNOWN', 'Other'] as const;
export const CLASSES = ['River', 'Mountain', 'Hill'] as const;
export const NET_TYPES = ['Sling', 'Infiniband', 'Ethernet', 'OEM', 'None'] as const;

/** Canonical spelling of `value` in `allowed`, or undefined. */
export function canonical<T extends string>(allowed: readonly T[], value: string): T | undefined {
  const v = value.toLowerCase();
  return allowed.find((a) => a.toLowerCase() === v);
}
