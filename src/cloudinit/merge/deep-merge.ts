/**
 * The one merge rule of the cloud-init server: how a node's data is assembled from its groups' entries
 * (in membership order) and then its own entry. Each later layer is applied to the result of the
 * earlier ones with the rules of JSON Merge Patch (RFC 7396 §2):
 *
 *  - map + map  → merged key by key, recursively (so a node can change one key deep inside a group's map
 *                 and keep the rest: `users[0]` stays, `ntp.servers` is replaced, `ntp.enabled` is kept);
 *  - a list     → REPLACES the earlier value whole; lists are never concatenated or merged by index.
 *                 A node that sets `runcmd` gets exactly its own `runcmd`; the last layer that sets a
 *                 list wins. Concatenation would leave a node no way to drop a group's command or to
 *                 avoid two `write_files` entries for one path. To add to a group's list, repeat it in the
 *                 node's entry, or deliver the extra part through vendor-data (`#include` of a group
 *                 file, merged by cloud-init itself per its `merge_how`);
 *  - a scalar   → replaces the earlier value (whatever its type);
 *  - null       → DELETES the key from the result (RFC 7396: "null means remove"), so a node can
 *                 switch off something a group set, e.g. `{"phone_home": null}`.
 *
 * OpenCHAMI's v0 server merged only the top level (later key wins, `lo.Assign`); this is the same where
 * the top-level values are scalars or lists, and keeps nested maps instead of dropping them.
 * Inputs are never modified; the result shares no object with them.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonMap;
export interface JsonMap {
  [key: string]: JsonValue;
}

export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies `layers` in order onto an empty map (RFC 7396 MergePatch, repeated). */
export function mergeLayers(layers: readonly (JsonMap | null | undefined)[]): JsonMap {
  let out: JsonMap = {};
  for (const layer of layers) if (layer) out = mergePatch(out, layer);
  return out;
}

/** RFC 7396 §2 MergePatch(target, patch) for a map patch; returns a new map. */
export function mergePatch(target: JsonMap, patch: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(target)) setOwn(out, k, clone(v));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else if (isJsonMap(v)) {
      const base = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
      setOwn(out, k, mergePatch(isJsonMap(base) ? base : {}, v));
    } else {
      setOwn(out, k, clone(v));
    }
  }
  return out;
}

/** A deep copy of a JSON value, with null-valued map keys kept (clone is not a patch). */
export function clone(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(clone);
  if (isJsonMap(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, clone(x));
    return out;
  }
  return v;
}

// Plain assignment of "__proto__" would change the object's prototype instead of adding a key (a JSON
// body may carry that key); defineProperty always creates an ordinary own property.
function setOwn(o: JsonMap, key: string, value: JsonValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
