import { useState } from 'react';
import {
  Box,
  Chip,
  Collapse,
  IconButton,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRight from '@mui/icons-material/KeyboardArrowRight';
import type { CatalogObject, TaggedObject } from '@sluice/contracts';
import { Link as RouterLink } from 'react-router-dom';
import { ColumnTagCell } from './ColumnTagCell';
import { KIND_LABELS, tableUrl } from './catalogLinks';

const COLUMN_COUNT = 5;

/** What a column is to its table: primary key, and each foreign key's target as a link. */
function Keys({
  object,
  column,
  connectionId,
}: {
  object: CatalogObject;
  column: string;
  connectionId: string;
}) {
  const targets = object.foreignKeys
    .map((fk) => ({ fk, at: fk.columns.indexOf(column) }))
    .filter(({ at }) => at >= 0);
  return (
    <>
      {object.primaryKey.includes(column) && 'PK'}
      {object.primaryKey.includes(column) && targets.length > 0 && ' '}
      {targets.map(({ fk, at }) => {
        const target = fk.referencedColumns[at] ?? '';
        return (
          <Link
            key={`${fk.referencedSchema}.${fk.referencedTable}.${target}`}
            component={RouterLink}
            to={tableUrl(connectionId, fk.referencedSchema, fk.referencedTable, target)}
            sx={{ display: 'block' }}
          >
            → {fk.referencedSchema}.{fk.referencedTable}.{target}
          </Link>
        );
      })}
    </>
  );
}

/** One table or view of a catalog; opens to its columns, keys and indexes. */
export function CatalogObjectRow({
  object,
  connectionId,
  canTag,
  initiallyOpen = false,
  highlight,
}: {
  object: TaggedObject;
  connectionId: string;
  /** connections:govern: columns' AI tags can be set here. */
  canTag: boolean;
  /** Opened at first (a search hit or a foreign key led here). */
  initiallyOpen?: boolean;
  /** The column to mark, when one matched. */
  highlight?: string;
}) {
  const [open, setOpen] = useState(initiallyOpen);
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
          <Link
            component="button"
            type="button"
            underline="hover"
            color="inherit"
            onClick={() => setOpen((o) => !o)}
            sx={{ textAlign: 'left', overflowWrap: 'anywhere' }}
          >
            <Typography component="span" color="text.secondary">
              {object.schemaName}.
            </Typography>
            <strong>{object.name}</strong>
          </Link>
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
                    <TableRow
                      key={column.name}
                      selected={column.name === highlight}
                      aria-current={column.name === highlight ? 'true' : undefined}
                    >
                      <TableCell sx={{ fontFamily: 'monospace' }}>
                        {column.name === highlight ? <mark>{column.name}</mark> : column.name}
                      </TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{column.dataType}</TableCell>
                      <TableCell>{column.nullable ? 'yes' : 'no'}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                        {column.defaultValue ?? ''}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        <Keys object={object} column={column.name} connectionId={connectionId} />
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
