import { useState } from 'react';
import { ConnectAssistant } from './ConnectAssistant';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  IconButton,
  InputAdornment,
  MenuItem,
  TextField,
  Tooltip,
} from '@mui/material';
import ContentCopy from '@mui/icons-material/ContentCopy';
import type { CreatedApiToken, Permission } from '@sluice/contracts';

import { problemErrors } from '../../lib/formErrors';

const LIFETIMES = [7, 30, 90, 180, 365];

/** Creates a token and shows it once, with a way to copy it. */
export function CreateTokenDialog({
  open,
  permissions,
  onCreate,
  onClose,
}: {
  open: boolean;
  permissions: Permission[];
  onCreate: (body: {
    name: string;
    scopes: Permission[];
    expiresInDays: number;
  }) => Promise<CreatedApiToken>;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>(
    permissions.includes('connections:query') ? ['connections:query'] : [],
  );
  const [days, setDays] = useState(90);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!name.trim()) local['name'] = 'Name is required';
    if (scopes.length === 0) local['scopes'] = 'Choose at least one permission';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      setCreated(await onCreate({ name: name.trim(), scopes, expiresInDays: days }));
    } catch (error) {
      setErrors(problemErrors(error));
    } finally {
      setSaving(false);
    }
  };
  const toggle = (p: Permission) =>
    setScopes((now) => (now.includes(p) ? now.filter((s) => s !== p) : [...now, p]));

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth={created ? 'md' : 'sm'} scroll="paper">
      <DialogTitle>{created ? 'Your new API token' : 'Create an API token'}</DialogTitle>
      <DialogContent dividers>
        {created ? (
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
            <Alert severity="warning">
              Copy this token now: you won’t see it again. Sluice keeps only a hash of it.
            </Alert>
            <TextField
              label="Token"
              value={created.token}
              fullWidth
              slotProps={{
                htmlInput: {
                  readOnly: true,
                  spellCheck: false,
                  style: { fontFamily: 'monospace' },
                },
                input: {
                  endAdornment: (
                    <InputAdornment position="end">
                      <Tooltip title={copied ? 'Copied' : 'Copy'}>
                        <IconButton
                          aria-label="Copy the token"
                          onClick={() =>
                            void navigator.clipboard
                              ?.writeText(created.token)
                              .then(() => setCopied(true))
                          }
                        >
                          <ContentCopy />
                        </IconButton>
                      </Tooltip>
                    </InputAdornment>
                  ),
                },
              }}
            />
            <Alert severity="info">
              Tools send it as <code>Authorization: Bearer {'<token>'}</code>. It expires on{' '}
              {new Date(created.expiresAt).toLocaleDateString()}.
            </Alert>
            <ConnectAssistant token={created.token} />
          </Box>
        ) : (
          <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
            {errors['form'] && <Alert severity="error">{errors['form']}</Alert>}
            <TextField
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={!!errors['name']}
              helperText={
                errors['name'] ?? 'What will use it, e.g. "Nightly ETL" or "Claude Desktop"'
              }
              required
              autoFocus
            />
            <FormControl error={!!errors['scopes']} component="fieldset">
              <FormLabel component="legend">Scopes (what the token may do)</FormLabel>
              <FormGroup>
                {permissions.map((p) => (
                  <FormControlLabel
                    key={p}
                    control={<Checkbox checked={scopes.includes(p)} onChange={() => toggle(p)} />}
                    label={p}
                  />
                ))}
              </FormGroup>
              <FormHelperText>
                {errors['scopes'] ?? 'Only your own permissions; the fewer, the safer.'}
              </FormHelperText>
            </FormControl>
            <TextField
              select
              label="Expires after"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
            >
              {LIFETIMES.map((d) => (
                <MenuItem key={d} value={d}>
                  {d} days
                </MenuItem>
              ))}
            </TextField>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        {created ? (
          <Button variant="contained" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="contained" onClick={() => void submit()} disabled={saving}>
              Create token
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
