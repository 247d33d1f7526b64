import { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { FilterValues } from './query-filter';

let seq = 0;

/**
 * Adds one SMD filter to a query: LOWER(column) IN (include) AND LOWER(column) NOT IN (exclude).
 * Values are bound as parameters, never interpolated.
 */
export function whereFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  filter: FilterValues | undefined,
  transform: (v: string) => string = (v) => v.toLowerCase(),
): SelectQueryBuilder<T> {
  if (!filter) return qb;
  const p = `f${++seq}`;
  if (filter.include.length > 0) {
    qb.andWhere(`LOWER(${column}) IN (:...${p}i)`, { [`${p}i`]: filter.include.map(transform) });
  }
  if (filter.exclude.length > 0) {
    qb.andWhere(`LOWER(${column}) NOT IN (:...${p}x)`, { [`${p}x`]: filter.exclude.map(transform) });
  }
  return qb;
}
