import { Box, TextField, Typography } from '@mui/material';
import type { ConnectionFormState } from './useConnectionForm';
import { takesSchemaPatterns } from './schemaPatterns';

/** Which schemas the catalog reads: include and exclude patterns, `*` for any run of characters. */
export function SchemaPatternsField({ state }: { state: ConnectionFormState }) {
  const { form, values } = state;
  if (!takesSchemaPatterns(values.dbType)) return null;
  const errors = form.formState.errors;
  const lifted = (value: string) => ({ inputLabel: { shrink: value !== '' ? true : undefined } });
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="subtitle2" sx={{ mb: 0.5 }}>
        Schemas to read
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        The schema sync reads every schema the credential can see, minus system schemas. Narrow it
        with comma-separated patterns; <code>*</code> matches any run of characters and case does
        not matter.
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          label="Include schemas"
          placeholder="sales, finance_*"
          {...form.register('schemaInclude')}
          slotProps={lifted(values.schemaInclude)}
          error={!!errors.schemaInclude}
          helperText={errors.schemaInclude?.message ?? 'Only these; empty reads all'}
        />
        <TextField
          label="Exclude schemas"
          placeholder="tmp_*, *_archive"
          {...form.register('schemaExclude')}
          slotProps={lifted(values.schemaExclude)}
          error={!!errors.schemaExclude}
          helperText={errors.schemaExclude?.message ?? 'Skipped even when included'}
        />
      </Box>
    </Box>
  );
}
