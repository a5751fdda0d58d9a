import type { CatalogObjectKind } from '@sluice/contracts';

export const KIND_LABELS: Record<CatalogObjectKind, string> = {
  table: 'Table',
  view: 'View',
  materialized_view: 'Materialized view',
  partitioned_table: 'Partitioned table',
  foreign_table: 'Foreign table',
};

/** The schema browser of a connection, narrowed to one table, opened, a column marked. */
export const tableUrl = (
  connectionId: string,
  schemaName: string,
  name: string,
  column?: string | null,
) =>
  `/connections/${connectionId}/schema?${new URLSearchParams({
    search: name,
    schema: schemaName,
    open: name,
    ...(column && { column }),
  }).toString()}`;
