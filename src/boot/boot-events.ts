/**
 * A committed boot-parameter write, as other replicas hear it (database/replica-events.ts; payload a
 * ChangeEvent). The writing process drops its own bootscript cache directly.
 */
export const BOOT_PARAMETERS_CHANGED = 'boot-parameters.changed';
