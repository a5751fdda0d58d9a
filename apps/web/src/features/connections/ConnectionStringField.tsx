import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
} from '@mui/material';
import {
  CONNECTION_STRING_EXAMPLES,
  ConnectionStringError,
  dbTypeOfString,
  parseConnectionString,
  type DbType,
} from '@sluice/contracts';
import { DB_TYPE_CONFIG } from './dbTypeConfig';
import type { ConnectionFormState } from './useConnectionForm';
import { valuesFromString } from './connectionForm';

/**
 * "Guided" or "Connection string": a pasted string fills the guided fields with the same parser
 * the API uses. Its password stays in the browser until the form is tested or saved.
 */
export function ConnectionStringField({ state }: { state: ConnectionFormState }) {
  const [mode, setMode] = useState<'guided' | 'string'>('guided');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [filled, setFilled] = useState(false);
  const [switched, setSwitched] = useState<DbType | null>(null);
  const dbType = state.values.dbType;

  const fill = () => {
    try {
      // The scheme says the type (`mysql://…` under PostgreSQL is a MySQL URL): follow it.
      const type = dbTypeOfString(text) ?? dbType;
      const parsed = parseConnectionString(type, text);
      if (type !== dbType) state.changeType(type);
      setSwitched(type !== dbType ? type : null);
      state.form.reset(valuesFromString(state.form.getValues(), parsed), {
        keepDefaultValues: true,
      });
      state.markPortEdited();
      setError(null);
      setFilled(true);
      setText('');
      setMode('guided');
    } catch (e) {
      setError(
        e instanceof ConnectionStringError ? e.message : 'The connection string could not be read',
      );
    }
  };

  return (
    <Stack spacing={1.5}>
      <Box>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={mode}
          onChange={(_, next: 'guided' | 'string' | null) => next && setMode(next)}
          aria-label="How to enter the connection"
        >
          <ToggleButton value="guided">Guided</ToggleButton>
          <ToggleButton value="string">Connection string</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {mode === 'string' && (
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1}
          sx={{ alignItems: { sm: 'flex-start' } }}
        >
          <TextField
            label="Connection string"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={CONNECTION_STRING_EXAMPLES[dbType]}
            error={!!error}
            helperText={
              error ??
              'A URL’s scheme (postgresql://, mysql://, …) sets the database type; the string fills the fields.'
            }
            autoComplete="off"
            spellCheck={false}
            fullWidth
          />
          <Button
            variant="outlined"
            onClick={fill}
            disabled={text.trim() === ''}
            sx={{ whiteSpace: 'nowrap', mt: { sm: 1 } }}
          >
            Fill the form
          </Button>
        </Stack>
      )}
      {filled && mode === 'guided' && (
        <Alert severity="info" onClose={() => setFilled(false)}>
          Filled from the connection string
          {switched
            ? `, a ${DB_TYPE_CONFIG[switched].label} URL: the type is now ${DB_TYPE_CONFIG[switched].label}`
            : ''}
          . Check the fields, then test the connection.
        </Alert>
      )}
    </Stack>
  );
}
