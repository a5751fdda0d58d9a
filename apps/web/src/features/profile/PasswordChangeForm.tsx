import { useState } from 'react';
import { Alert, Box, Button } from '@mui/material';
import { SecretField } from '../../components/common/SecretField';
import { api } from '../../lib/apiClient';
import { problemErrors } from '../../lib/formErrors';

/**
 * The current password, the new one twice, and a button: the profile's form and the one a user
 * meets when an admin asked for a new password. `onChanged` runs once the server took it.
 */
export function PasswordChangeForm({
  currentLabel = 'Current password',
  submitLabel = 'Change password',
  onChanged,
}: {
  currentLabel?: string;
  submitLabel?: string;
  onChanged: () => void | Promise<void>;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!current) local['currentPassword'] = `${currentLabel} is required`;
    if (next.length < 10) local['newPassword'] = 'New password must be at least 10 characters';
    else if (next === current)
      local['newPassword'] = 'Choose a password other than the current one';
    else if (next !== again) local['again'] = 'The two new passwords differ';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      await api<void>('/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
      });
      setCurrent('');
      setNext('');
      setAgain('');
      await onChanged();
    } catch (error) {
      const server = problemErrors(error);
      // The server names the field; the person reads its label.
      if (server['currentPassword']) server['currentPassword'] = `${currentLabel} is not right`;
      setErrors(server);
    } finally {
      setSaving(false);
    }
  };
  const field = (label: string, key: string, value: string, set: (v: string) => void) => (
    <SecretField
      label={label}
      value={value}
      onChange={(e) => set(e.target.value)}
      error={!!errors[key]}
      helperText={errors[key]}
      fullWidth
    />
  );

  return (
    <Box
      component="form"
      sx={{ display: 'grid', gap: 2 }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {errors['form'] && !errors['currentPassword'] && (
        <Alert severity="error">{errors['form']}</Alert>
      )}
      {field(currentLabel, 'currentPassword', current, setCurrent)}
      {field('New password', 'newPassword', next, setNext)}
      {field('New password again', 'again', again, setAgain)}
      <Box>
        <Button type="submit" variant="contained" disabled={saving}>
          {submitLabel}
        </Button>
      </Box>
    </Box>
  );
}
