import { Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { useSession } from '../auth/useSession';

export function HomePage() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name}`}
        description="Sluice is the registry of the databases your tools connect to: encrypted credentials, connection tests you can act on, and an audit trail."
      />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Your access
          </Typography>
          <Typography sx={{ mb: 1 }}>
            Role: <strong>{ROLE_LABELS[user.role]}</strong> · {ROLE_DESCRIPTIONS[user.role]}
          </Typography>
          {user.permissions.length === 0 ? (
            <Typography color="text.secondary">
              Your role has no permissions yet. Ask an admin for access.
            </Typography>
          ) : (
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} aria-label="Permissions">
              {user.permissions.map((p) => (
                <Chip key={p} label={p} size="small" />
              ))}
            </Stack>
          )}
        </CardContent>
      </Card>
    </>
  );
}
