import { Link as RouterLink } from 'react-router-dom';
import { Box, Card, CardContent, Link, Typography } from '@mui/material';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { useNotify } from '../../lib/useNotify';
import { useSession } from '../auth/useSession';
import { PasswordChangeForm } from './PasswordChangeForm';

/** Who you are in Sluice, your password, and a way to your API tokens. */
export function ProfilePage() {
  const { user } = useSession();
  const notify = useNotify();
  if (!user) return null;
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
            <PasswordChangeForm
              onChanged={() => notify('Password changed: your other sessions were signed out')}
            />
          </CardContent>
        </Card>
      </Box>
    </>
  );
}
