import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { PasswordChangeForm } from '../profile/PasswordChangeForm';
import { ME_KEY, useSession } from './useSession';

/**
 * What a user whose admin asked for a new password sees after signing in: nothing else works
 * until it is changed (the API answers 403 PASSWORD_CHANGE_REQUIRED), signing out does.
 */
export function ChoosePasswordPage() {
  const { user, signOut } = useSession();
  const client = useQueryClient();
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 440 }} component="main">
        <CardContent sx={{ display: 'grid', gap: 2 }}>
          <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
            Choose a new password
          </Typography>
          <Typography color="text.secondary">
            An admin asked you, {user?.email}, to choose a new password before going on. Your other
            sessions will be signed out.
          </Typography>
          <PasswordChangeForm
            currentLabel="Password you signed in with"
            submitLabel="Save and continue"
            onChanged={() => client.invalidateQueries({ queryKey: ME_KEY })}
          />
          <Box>
            <Button onClick={() => void signOut()}>Sign out</Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
}
