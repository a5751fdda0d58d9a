import { useState } from 'react';
import {
  Box,
  Chip,
  Collapse,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRight from '@mui/icons-material/KeyboardArrowRight';
import type { CatalogObject, CatalogObjectKind, TaggedObject } from '@sluice/contracts';
import { ColumnTagCell } from './ColumnTagCell';

export const KIND_LABELS: Record<CatalogObjectKind, string> = {
  table: 'Table',
  view: 'View',
  materialized_view: 'Materialized view',
  partitioned_table: 'Partitioned table',
  foreign_table: 'Foreign table',
};

const COLUMN_COUNT = 5;

/** What a column is to its table: primary key, a foreign key's target, or both. */
function keysOf(object: CatalogObject, column: string): string[] {
  const keys: string[] = [];
  if (object.primaryKey.includes(column)) keys.push('PK');
  for (const fk of object.foreignKeys) {
    const at = fk.columns.indexOf(column);
    if (at >= 0) {
      keys.push(`→ ${fk.referencedSchema}.${fk.referencedTable}.${fk.referencedColumns[at] ?? ''}`);
    }
  }
  return keys;
}

/** One table or view of a catalog; opens to its columns, keys and indexes. */
export function CatalogObjectRow({
  object,
  connectionId,
  canTag,
}: {
  object: TaggedObject;
  connectionId: string;
  /** connections:govern: columns' AI tags can be set here. */
  canTag: boolean;
}) {
  const [open, setOpen] = useState(false);
  const fullName = `${object.schemaName}.${object.name}`;
  return (
    <>
      <TableRow hover sx={{ '& > td': { borderBottom: open ? 'unset' : undefined } }}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} the columns of ${fullName}`}
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? <KeyboardArrowDown /> : <KeyboardArrowRight />}
          </IconButton>
        </TableCell>
        <TableCell sx={{ overflowWrap: 'anywhere' }}>
          <Typography component="span" color="text.secondary">
            {object.schemaName}.
          </Typography>
          <strong>{object.name}</strong>
        </TableCell>
        <TableCell>
          <Chip size="small" variant="outlined" label={KIND_LABELS[object.kind]} />
        </TableCell>
        <TableCell align="right">{object.columns.length}</TableCell>
        <TableCell align="right">
          {object.rowEstimate === null ? '—' : `~${object.rowEstimate.toLocaleString()}`}
        </TableCell>
        <TableCell sx={{ overflowWrap: 'anywhere', color: 'text.secondary' }}>
          {object.comment ?? ''}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={COLUMN_COUNT + 1} sx={{ py: 0 }}>
          <Collapse in={open} unmountOnExit>
            <Box sx={{ py: 1, pl: { xs: 1, sm: 6 }, overflowX: 'auto' }}>
              <Table size="small" aria-label={`Columns of ${fullName}`}>
                <TableHead>
                  <TableRow>
                    <TableCell>Column</TableCell>
                    <TableCell>Type</TableCell>
                    <TableCell>Null</TableCell>
                    <TableCell>Default</TableCell>
                    <TableCell>Keys</TableCell>
                    <TableCell>Comment</TableCell>
                    <TableCell>AI tag</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {object.columns.map((column) => (
                    <TableRow key={column.name}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{column.name}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{column.dataType}</TableCell>
                      <TableCell>{column.nullable ? 'yes' : 'no'}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                        {column.defaultValue ?? ''}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {keysOf(object, column.name).join(', ')}
                      </TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>
                        {column.comment ?? ''}
                      </TableCell>
                      <TableCell>
                        <ColumnTagCell
                          connectionId={connectionId}
                          schema={object.schemaName}
                          table={object.name}
                          column={column.name}
                          tag={column.tag}
                          editable={canTag}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {object.indexes.length > 0 && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  Indexes:{' '}
                  {object.indexes
                    .map((i) => `${i.name} (${i.columns.join(', ')})${i.unique ? ' unique' : ''}`)
                    .join('; ')}
                </Typography>
              )}
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
