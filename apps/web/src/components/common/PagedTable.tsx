import type { ReactNode } from 'react';
import {
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@mui/material';
import { Pagination } from './Pagination';
import { TableSkeleton } from './TableSkeleton';

interface Props {
  label: string;
  head: ReactNode;
  columns: number;
  loading: boolean;
  /** Shown in one full-width row when the page has no rows. */
  empty: ReactNode | null;
  total: number;
  list: {
    page: number;
    pageSize: number;
    setPage: (page: number) => void;
    setPageSize: (size: number) => void;
  };
  children: ReactNode;
}

/** A list page's table: header, skeleton while loading, the rows or an empty state, and pagination. */
export function PagedTable({ label, head, columns, loading, empty, total, list, children }: Props) {
  return (
    <Paper variant="outlined">
      <TableContainer>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>{head}</TableRow>
          </TableHead>
          <TableBody>
            {loading && <TableSkeleton columns={columns} />}
            {children}
            {empty && (
              <TableRow>
                <TableCell colSpan={columns} align="center" sx={{ py: 4 }}>
                  {empty}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <Pagination
        total={total}
        page={list.page}
        pageSize={list.pageSize}
        onPage={list.setPage}
        onPageSize={list.setPageSize}
      />
    </Paper>
  );
}
