import type { TestResult } from '@sluice/contracts';
import type { CellRow } from './catalog-builder';

/**
 * The privilege report of a warehouse (Snowflake, Databricks) read from its grants: an admin
 * note when the principal is an administrator, one note per write grant (rows of PRIVILEGE and
 * OBJECT), or why nothing could be read.
 */
export function privilegesOfGrants(
  principal: string,
  adminNote: string | null,
  grants: CellRow[] | null,
  unreadNote: string,
): NonNullable<TestResult['privileges']> {
  const notes: string[] = adminNote ? [adminNote] : [];
  for (const grant of grants ?? []) {
    notes.push(`Write privilege: ${String(grant['PRIVILEGE'])} on ${String(grant['OBJECT'])}`);
  }
  const canWrite = notes.length > 0;
  if (grants === null && !adminNote) notes.push(unreadNote);
  else if (!canWrite) notes.push(`${principal} can only read: no write privilege was found.`);
  return { canWrite, superuser: adminNote !== null, notes };
}
