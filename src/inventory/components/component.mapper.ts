import { ComponentEntity } from '../entities/component.entity';

/** The hms-base Component JSON: empty strings and unset numbers are omitted, as SMD's omitempty does. */
export function toComponentJson(c: ComponentEntity): Record<string, unknown> {
  const out: Record<string, unknown> = { ID: c.id, Type: c.type };
  const put = (key: string, value: string) => {
    if (value) out[key] = value;
  };
  put('State', c.state);
  put('Flag', c.flag);
  out.Enabled = c.enabled;
  put('SoftwareStatus', c.softwareStatus);
  put('Role', c.role);
  put('SubRole', c.subRole);
  if (c.nid != null) out.NID = c.nid;
  put('Subtype', c.subType);
  put('NetType', c.netType);
  put('Arch', c.arch);
  put('Class', c.class);
  out.ReservationDisabled = c.reservationDisabled;
  out.Locked = c.locked;
  return out;
}

/** `stateonly`, `flagonly`, `roleonly`, `nidonly` projections of GET State/Components. */
export type ComponentProjection = 'state' | 'flag' | 'role' | 'nid' | undefined;

export function project(c: ComponentEntity, projection: ComponentProjection): Record<string, unknown> {
  switch (projection) {
    case 'state':
      return { ID: c.id, Type: c.type, State: c.state, Flag: c.flag };
    case 'flag':
      return { ID: c.id, Type: c.type, Flag: c.flag };
    case 'role':
      return { ID: c.id, Type: c.type, Role: c.role, ...(c.subRole ? { SubRole: c.subRole } : {}) };
    case 'nid':
      return { ID: c.id, Type: c.type, ...(c.nid != null ? { NID: c.nid } : {}) };
    case undefined:
      return toComponentJson(c);
  }
}
