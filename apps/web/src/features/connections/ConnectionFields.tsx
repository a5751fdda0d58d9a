import { Controller } from 'react-hook-form';
import { Box, FormControlLabel, MenuItem, Switch, TextField } from '@mui/material';
import { DIALECTS, PURPOSE_LABELS, PURPOSES } from '@sluice/contracts';
import type { ConnectionFormState } from './useConnectionForm';
import { needsSecretAgain, showsOption, usesKeyPairIn } from './connectionForm';
import { OptionInput } from './OptionInput';
import { SecretField } from '../../components/common/SecretField';

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
  const dialect = DIALECTS[values.dbType];
  const isFile = dialect.location === 'file';
  const keyPair = usesKeyPairIn(values);
  const tokenOnly = dialect.secret === 'token';
  const typeAgain = needsSecretAgain(values, connection ?? undefined);
  const keepHint = typeAgain
    ? 'Type it again: a stored secret is only sent to the server it was saved for'
    : 'Leave blank to keep existing';
  // The fields are uncontrolled: a value set from a pasted string must lift its label itself.
  const lifted = (value: unknown) => ({
    inputLabel: { shrink: value !== undefined && value !== '' ? true : undefined },
  });
  const text = (name: 'name' | 'description' | 'host' | 'port' | 'databaseName' | 'username') => ({
    ...register(name),
    error: !!errors[name],
    helperText: errors[name]?.message,
    slotProps: lifted(values[name]),
  });

  return (
    <Box sx={grid}>
      <TextField label="Connection Name" required {...text('name')} sx={wide} />
      <TextField label="Description" multiline minRows={2} {...text('description')} sx={wide} />
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
        <SecretField
          label={tokenOnly ? 'Personal Access Token' : 'Password'}
          disabled={removePassword}
          {...register('password')}
          slotProps={lifted(values.password)}
          required={typeAgain}
          error={!!errors.password}
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
      {dialect.sslSwitch && (
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
      {dialect.formOptions.map((option) =>
        showsOption(values, option) ? (
          <OptionInput key={option.name} option={option} state={state} />
        ) : null,
      )}
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
        <SecretField
          label="Private Key Passphrase"
          {...register('privateKeyPassphrase')}
          helperText="Only for an encrypted key"
        />
      )}
    </Box>
  );
}
