import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Alert, Box, Button, Card, CardContent, Link, Typography } from '@mui/material';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { SecretField } from '../../components/common/SecretField';
import { api } from '../../lib/apiClient';
import { problemErrors } from '../../lib/formErrors';
import { useNotify } from '../../lib/useNotify';
import { useSession } from '../auth/useSession';

/** Who you are in Sluice, your password, and a way to your API tokens. */
export function ProfilePage() {
  const { user } = useSession();
  const notify = useNotify();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  if (!user) return null;

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!current) local['currentPassword'] = 'Current password is required';
    if (next.length < 10) local['newPassword'] = 'New password must be at least 10 characters';
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
      notify('Password changed: your other sessions were signed out');
    } catch (error) {
      setErrors(problemErrors(error));
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
    <>
      <PageHeader title="Your profile" description="Your account in Sluice and your password." />
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 640 }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {user.name}
            </Typography>
            <Typography>{user.email}</Typography>
            <Typography color="text.secondary">
              {ROLE_LABELS[user.role]}: {ROLE_DESCRIPTIONS[user.role]}
            </Typography>
            <Link component={RouterLink} to="/tokens" sx={{ display: 'inline-block', mt: 1 }}>
              Your API tokens
            </Link>
          </CardContent>
        </Card>
        <Card variant="outlined" component="section" aria-labelledby="password-title">
          <CardContent sx={{ display: 'grid', gap: 2 }}>
            <Typography id="password-title" variant="h6" component="h2">
              Change your password
            </Typography>
            {errors['form'] && !errors['currentPassword'] && (
              <Alert severity="error">{errors['form']}</Alert>
            )}
            {field('Current password', 'currentPassword', current, setCurrent)}
            {field('New password', 'newPassword', next, setNext)}
            {field('New password again', 'again', again, setAgain)}
            <Box>
              <Button variant="contained" onClick={() => void submit()} disabled={saving}>
                Change password
              </Button>
            </Box>
          </CardContent>
        </Card>
      </Box>
    </>
  );
}
