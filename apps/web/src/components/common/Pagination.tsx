import { TablePagination } from '@mui/material';
import { PAGE_SIZES } from '../../lib/useListParams';

interface Props {
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}

export function Pagination({ total, page, pageSize, onPage, onPageSize }: Props) {
  return (
    <TablePagination
      component="div"
      count={total}
      page={Math.max(0, Math.min(page - 1, Math.max(0, Math.ceil(total / pageSize) - 1)))}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[...PAGE_SIZES]}
      onPageChange={(_, next) => onPage(next + 1)}
      onRowsPerPageChange={(e) => onPageSize(Number(e.target.value))}
    />
  );
}
