import { useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import {
  createChannelSchema,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type CreateChannelRequest,
  type NotificationKind,
} from '@sluice/contracts';
import { ApiError } from '../../lib/apiClient';

const URL_HELP: Record<NotificationKind, string> = {
  webhook: 'Sluice POSTs a JSON body: event, connection, errorCode, message, hint, url.',
  slack: 'An incoming webhook URL from your Slack app (https://hooks.slack.com/services/…).',
  teams: 'The URL of a Teams workflow “When a Teams webhook request is received”.',
};

/** Adds a channel: a name, its kind and the webhook URL (a secret: it is never shown again). */
export function ChannelDialog({
  onClose,
  onCreate,
}: {
  onClose: () => void;
  onCreate: (body: CreateChannelRequest) => Promise<void>;
}) {
  const [values, setValues] = useState<CreateChannelRequest>({ name: '', kind: 'slack', url: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = (field: keyof CreateChannelRequest) => (e: { target: { value: string } }) =>
    setValues({ ...values, [field]: e.target.value });

  const submit = async () => {
    const parsed = createChannelSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setSaving(true);
    try {
      await onCreate(parsed.data);
    } catch (error) {
      const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      setErrors(
        fields.length > 0
          ? Object.fromEntries(fields.map((f) => [f.path, f.message]))
          : { root: error instanceof Error ? error.message : 'Could not add the channel' },
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="channel-dialog-title">
      <DialogTitle id="channel-dialog-title">Add notification channel</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {errors['root'] && <Alert severity="error">{errors['root']}</Alert>}
          <TextField
            label="Name"
            required
            value={values.name}
            onChange={set('name')}
            error={!!errors['name']}
            helperText={
              errors['name'] ? `Name ${errors['name']}` : 'Say where it goes, e.g. #data-oncall'
            }
          />
          <TextField select label="Kind" value={values.kind} onChange={set('kind')}>
            {NOTIFICATION_KINDS.map((kind) => (
              <MenuItem key={kind} value={kind}>
                {NOTIFICATION_KIND_LABELS[kind]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Webhook URL"
            required
            type="password"
            autoComplete="off"
            value={values.url}
            onChange={set('url')}
            error={!!errors['url']}
            helperText={
              errors['url']
                ? `URL ${errors['url']}`
                : `${URL_HELP[values.kind]} It is a secret: stored encrypted, never shown again.`
            }
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={saving} onClick={() => void submit()}>
          Add channel
        </Button>
      </DialogActions>
    </Dialog>
  );
}
