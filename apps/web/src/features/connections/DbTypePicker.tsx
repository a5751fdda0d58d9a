import { Autocomplete, Box, TextField, Typography } from '@mui/material';
import { DB_TYPES, DIALECTS, type DbType } from '@sluice/contracts';
import type { ConnectionFormState } from './useConnectionForm';
import { DB_TYPE_CONFIG } from './dbTypeConfig';

/** What sets each type apart, in a few words, under its name in the picker. */
const whereItLives = (type: DbType) => {
  const dialect = DIALECTS[type];
  if (dialect.location === 'file') return 'a database file on the Sluice server';
  return `network, port ${dialect.defaultPort ?? '—'}${dialect.sshTunnel ? ', SSH tunnel possible' : ''}`;
};

/** The database type, first in the dialog: a searchable list of every type Sluice speaks. */
export function DbTypePicker({ state }: { state: ConnectionFormState }) {
  const value = state.values.dbType;
  return (
    <Autocomplete<DbType, false, true>
      options={DB_TYPES}
      value={value}
      disableClearable
      openOnFocus
      autoHighlight
      onChange={(_, next) => state.changeType(next)}
      getOptionLabel={(type) => DB_TYPE_CONFIG[type].label}
      renderOption={({ key, ...props }, type) => (
        <Box component="li" key={key} {...props} aria-label={DB_TYPE_CONFIG[type].label}>
          <Box>
            <Typography>{DB_TYPE_CONFIG[type].label}</Typography>
            <Typography variant="caption" color="text.secondary">
              {whereItLives(type)}
            </Typography>
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Database Type"
          required
          helperText="Choose it first: the fields below follow from it"
        />
      )}
    />
  );
}
