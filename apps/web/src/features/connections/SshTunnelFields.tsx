import { Controller } from 'react-hook-form';
import {
  Box,
  Button,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import UploadFile from '@mui/icons-material/UploadFile';
import { DIALECTS, sameBastion } from '@sluice/contracts';
import type { ConnectionFormState } from './useConnectionForm';
import { SecretField } from '../../components/common/SecretField';
import { needsSecretAgain } from './connectionForm';

const grid = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: '1fr', sm: '2fr 1fr' },
} as const;
const wide = { gridColumn: { sm: '1 / -1' } } as const;

/**
 * The bastion a connection goes through: host, port, user, and a password or a private key
 * (pasted, or read from a file in the browser; it never leaves it but in the save or test).
 */
export function SshTunnelFields({ state }: { state: ConnectionFormState }) {
  const { form, values, connection } = state;
  const { register, control, formState, setValue } = form;
  const errors = formState.errors.ssh;
  if (!DIALECTS[values.dbType].sshTunnel) return null;
  const ssh = values.ssh;
  const saved = connection?.sshTunnel ?? null;
  const bastion = sameBastion(saved, {
    host: ssh.host.trim(),
    port: Number(ssh.port) || 22,
    username: ssh.username.trim(),
  });
  const keep = connection?.hasSshCredential && bastion && !needsSecretAgain(values, connection);
  const lifted = (value: string) => ({ inputLabel: { shrink: value !== '' ? true : undefined } });

  const readKeyFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
      reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
      reader.readAsText(file);
    });
    setValue('ssh.privateKey', text, { shouldDirty: true, shouldValidate: true });
  };

  return (
    <Stack spacing={2} component="section" aria-label="SSH tunnel">
      <Controller
        control={control}
        name="ssh.enabled"
        render={({ field }) => (
          <FormControlLabel
            control={
              <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
            }
            label="Connect through an SSH tunnel"
          />
        )}
      />
      {ssh.enabled && (
        <Box sx={grid}>
          <TextField
            label="SSH Host"
            required
            {...register('ssh.host')}
            slotProps={lifted(ssh.host)}
            error={!!errors?.host}
            helperText={
              errors?.host?.message ??
              'The bastion. The database host above is resolved by the bastion, not by Sluice.'
            }
          />
          <TextField
            label="SSH Port"
            type="number"
            {...register('ssh.port')}
            error={!!errors?.port}
            helperText={errors?.port?.message}
          />
          <TextField
            label="SSH Username"
            required
            autoComplete="off"
            {...register('ssh.username')}
            slotProps={lifted(ssh.username)}
            error={!!errors?.username}
            helperText={errors?.username?.message}
          />
          <Controller
            control={control}
            name="ssh.authMethod"
            render={({ field }) => (
              <TextField select label="SSH Authentication" {...field}>
                <MenuItem value="key">Private key</MenuItem>
                <MenuItem value="password">Password</MenuItem>
              </TextField>
            )}
          />
          {ssh.authMethod === 'password' ? (
            <SecretField
              label="SSH Password"
              {...register('ssh.password')}
              slotProps={lifted(ssh.password)}
              error={!!errors?.password}
              helperText={errors?.password?.message ?? (keep ? 'Leave blank to keep existing' : '')}
              sx={wide}
            />
          ) : (
            <>
              <TextField
                label="SSH Private Key"
                multiline
                minRows={4}
                autoComplete="off"
                spellCheck={false}
                {...register('ssh.privateKey')}
                slotProps={{
                  ...lifted(ssh.privateKey),
                  htmlInput: { style: { fontFamily: 'monospace', fontSize: 12 } },
                }}
                placeholder={
                  keep ? 'Leave blank to keep existing' : '-----BEGIN OPENSSH PRIVATE KEY-----'
                }
                error={!!errors?.privateKey}
                helperText={
                  errors?.privateKey?.message ??
                  (keep
                    ? 'Leave blank to keep the stored key, or paste or load a new one'
                    : 'OpenSSH or PEM (RSA, ECDSA, Ed25519): paste it, or load the file')
                }
                sx={wide}
              />
              <Box>
                <Button component="label" size="small" startIcon={<UploadFile />}>
                  Load key file…
                  <input
                    hidden
                    type="file"
                    aria-label="SSH private key file"
                    onChange={(e) => void readKeyFile(e.target.files?.[0])}
                  />
                </Button>
              </Box>
              <SecretField
                label="Key Passphrase"
                {...register('ssh.passphrase')}
                slotProps={lifted(ssh.passphrase)}
                helperText="Only for an encrypted key"
              />
            </>
          )}
          <Typography variant="body2" color="text.secondary" sx={wide}>
            {saved?.hostKeyFingerprint && bastion
              ? `Pinned host key: ${saved.hostKeyFingerprint}`
              : 'The first passing test pins the bastion’s host key; a different key is refused until someone accepts it.'}
          </Typography>
        </Box>
      )}
    </Stack>
  );
}
