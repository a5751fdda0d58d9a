import { Box, MenuItem, TextField } from '@mui/material';
import { SearchField } from './SearchField';

/** A select beside the search: its label, the "all" entry, and its options. */
export interface FilterSelect {
  label: string;
  all: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}

interface Props {
  search: string;
  onSearch: (value: string) => void;
  placeholder: string;
  select: FilterSelect;
  /** More selects, after the first. */
  more?: FilterSelect[];
}

/** The search box and the filters a list page has, kept in the URL by the page. */
export function ListFilters({ search, onSearch, placeholder, select, more = [] }: Props) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}>
      <SearchField value={search} onChange={onSearch} placeholder={placeholder} />
      {[select, ...more].map((filter) => (
        <FilterSelectField key={filter.label} select={filter} />
      ))}
    </Box>
  );
}

/** One filter's select: its label, an "all" entry first, then its options. */
export function FilterSelectField({ select }: { select: FilterSelect }) {
  return (
    <TextField
      select
      size="small"
      label={select.label}
      value={select.value}
      onChange={(e) => select.onChange(e.target.value)}
      sx={{ minWidth: 200 }}
    >
      <MenuItem value="">{select.all}</MenuItem>
      {select.options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
