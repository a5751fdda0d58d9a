import { Controller } from 'react-hook-form';
import { Box, FormControlLabel, MenuItem, Switch, TextField } from '@mui/material';
import { DB_TYPES, PURPOSE_LABELS, PURPOSES, type DbType } from '@sluice/contracts';
import type { ConnectionFormState } from '../../hooks/useConnectionForm';
import { DB_TYPE_CONFIG } from './dbTypeConfig';
import { needsSecretAgain, OPTION_FIELDS, showsOption, type OptionValues } from './connectionForm';

/**
 * The types where "Use SSL" is a choice. Snowflake and Databricks always use HTTPS; SQL Server
 * has its own "Encrypt Connection"; SQLite is a file.
 */
const SSL_SWITCH_TYPES: ReadonlySet<DbType> = new Set(['postgresql', 'mysql', 'oracle']);

const OPTION_LABELS: Record<
  keyof OptionValues,
  { label: string; help?: string; required?: boolean }
> = {
  schema: { label: 'Schema' },
  httpPath: { label: 'HTTP Path', help: 'e.g., /sql/1.0/warehouses/abc123', required: true },
  catalog: { label: 'Catalog' },
  account: { label: 'Account', help: 'e.g., xy12345.us-east-1', required: true },
  warehouse: { label: 'Warehouse' },
  role: { label: 'Role' },
  instanceName: { label: 'Instance Name', help: 'e.g., SQLEXPRESS' },
  encrypt: { label: 'Encrypt Connection' },
  trustServerCertificate: { label: 'Trust Server Certificate' },
  serviceName: { label: 'Service Name', help: 'e.g., ORCLPDB1' },
  authenticator: { label: 'Authentication' },
  verifyServerCertificate: { label: 'Verify the server certificate' },
  caCertificate: {
    label: 'CA certificate (PEM)',
    help: 'The CA that signed the server’s certificate; leave empty to trust the system’s CAs',
  },
};

const grid = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
} as const;
const wide = { gridColumn: { sm: '1 / -1' } } as const;

export function ConnectionFields({ state }: { state: ConnectionFormState }) {
  const { form, values, connection, removePassword } = state;
  const { register, control, formState } = form;
  const errors = formState.errors;
  const isFile = values.dbType === 'sqlite';
  const keyPair = values.dbType === 'snowflake' && values.options.authenticator === 'key_pair';
  // Databricks signs in with a token alone.
  const tokenOnly = values.dbType === 'databricks';
  const typeAgain = needsSecretAgain(values, connection ?? undefined);
  const keepHint = typeAgain
    ? 'Type it again: a stored secret is only sent to the server it was saved for'
    : 'Leave blank to keep existing';
  const text = (name: 'name' | 'description' | 'host' | 'port' | 'databaseName' | 'username') => ({
    ...register(name),
    error: !!errors[name],
    helperText: errors[name]?.message,
  });

  return (
    <Box sx={grid}>
      <TextField label="Connection Name" required {...text('name')} sx={wide} />
      <TextField label="Description" multiline minRows={2} {...text('description')} sx={wide} />
      <Controller
        control={control}
        name="dbType"
        render={({ field }) => (
          <TextField
            select
            label="Database Type"
            required
            value={field.value}
            onChange={(e) => state.changeType(e.target.value as DbType)}
          >
            {DB_TYPES.map((type) => (
              <MenuItem key={type} value={type}>
                {DB_TYPE_CONFIG[type].label}
              </MenuItem>
            ))}
          </TextField>
        )}
      />
      <Controller
        control={control}
        name="purpose"
        render={({ field }) => (
          <TextField select label="Purpose" {...field} helperText="What tools will do with it">
            <MenuItem value="">Not set</MenuItem>
            {PURPOSES.map((purpose) => (
              <MenuItem key={purpose} value={purpose}>
                {PURPOSE_LABELS[purpose]}
              </MenuItem>
            ))}
          </TextField>
        )}
      />
      {!isFile && <TextField label="Host" required {...text('host')} />}
      {!isFile && (
        <TextField
          label="Port"
          required
          type="number"
          {...text('port')}
          onChange={(e) => {
            state.markPortEdited();
            void register('port').onChange(e);
          }}
        />
      )}
      <TextField
        label={isFile ? 'Database File' : 'Database Name'}
        required={isFile}
        {...text('databaseName')}
        helperText={
          errors.databaseName?.message ??
          (isFile ? 'A path under the server’s SQLITE_ROOT, e.g. analytics.db' : undefined)
        }
      />
      {!isFile && !tokenOnly && (
        <TextField label="Username" autoComplete="off" {...text('username')} />
      )}
      {!isFile && !keyPair && (
        <TextField
          label={tokenOnly ? 'Personal Access Token' : 'Password'}
          type="password"
          autoComplete="new-password"
          disabled={removePassword}
          {...register('password')}
          required={typeAgain}
          error={!!errors.password}
          placeholder={
            connection?.hasCredential && !typeAgain ? 'Leave blank to keep existing' : undefined
          }
          slotProps={{ inputLabel: connection?.hasCredential ? { shrink: true } : undefined }}
          helperText={
            errors.password?.message ??
            (removePassword
              ? 'The stored password will be removed when you save'
              : connection?.hasCredential
                ? keepHint
                : undefined)
          }
        />
      )}
      {SSL_SWITCH_TYPES.has(values.dbType) && (
        <Controller
          control={control}
          name="useSsl"
          render={({ field }) => (
            <FormControlLabel
              control={
                <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
              }
              label="Use SSL"
            />
          )}
        />
      )}
      {OPTION_FIELDS[values.dbType].map((option) => {
        const meta = OPTION_LABELS[option];
        if (!showsOption(values, option)) return null;
        if (option === 'authenticator') {
          return (
            <Controller
              key={option}
              control={control}
              name="options.authenticator"
              render={({ field }) => (
                <TextField
                  select
                  label="Authentication"
                  value={field.value || 'password'}
                  onChange={field.onChange}
                >
                  <MenuItem value="password">Password</MenuItem>
                  <MenuItem value="key_pair">Key pair</MenuItem>
                </TextField>
              )}
            />
          );
        }
        if (
          option === 'encrypt' ||
          option === 'trustServerCertificate' ||
          option === 'verifyServerCertificate'
        ) {
          return (
            <Controller
              key={option}
              control={control}
              name={`options.${option}`}
              render={({ field }) => (
                <FormControlLabel
                  control={
                    <Switch
                      checked={field.value}
                      onChange={(e) => field.onChange(e.target.checked)}
                    />
                  }
                  label={meta.label}
                />
              )}
            />
          );
        }
        const error = errors.options?.[option];
        if (option === 'caCertificate') {
          return (
            <TextField
              key={option}
              label={meta.label}
              multiline
              minRows={3}
              spellCheck={false}
              {...register('options.caCertificate')}
              error={!!error}
              helperText={error?.message ?? meta.help}
              sx={wide}
            />
          );
        }
        return (
          <TextField
            key={option}
            label={meta.label}
            required={meta.required}
            {...register(`options.${option}`)}
            error={!!error}
            helperText={error?.message ?? meta.help}
          />
        );
      })}
      {keyPair && (
        <TextField
          label="Private Key (PEM)"
          multiline
          minRows={4}
          autoComplete="off"
          spellCheck={false}
          {...register('privateKey')}
          placeholder={
            connection?.hasCredential && !typeAgain
              ? 'Leave blank to keep existing'
              : '-----BEGIN PRIVATE KEY-----'
          }
          error={!!errors.privateKey}
          helperText={errors.privateKey?.message ?? 'The key of the Snowflake user, PKCS#8 PEM'}
          sx={wide}
        />
      )}
      {keyPair && (
        <TextField
          label="Private Key Passphrase"
          type="password"
          autoComplete="new-password"
          {...register('privateKeyPassphrase')}
          helperText="Only for an encrypted key"
        />
      )}
    </Box>
  );
}
