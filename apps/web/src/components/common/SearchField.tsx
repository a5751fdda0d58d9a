import { useEffect, useState } from 'react';
import { InputAdornment, TextField } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useDebounced } from '../../lib/useDebounced';

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  label?: string;
  /** Takes the row's width (for a question rather than a name). */
  wide?: boolean;
}

/** A labelled search box that reports its value once typing pauses. */
export function SearchField({ value, onChange, placeholder, label = 'Search', wide }: Props) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 300);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- report only when the debounced text changes
  }, [debounced]);
  return (
    <TextField
      label={label}
      size="small"
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      slotProps={{
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
      sx={{
        minWidth: 240,
        flexGrow: { xs: 1, sm: wide ? 1 : 0 },
        maxWidth: wide ? 720 : undefined,
      }}
    />
  );
}
