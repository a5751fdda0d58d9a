import { Box, Button, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';

export function NoAccessPage() {
  return (
    <Box sx={{ textAlign: 'center', mt: 8 }}>
      <Typography variant="h4" component="h1" gutterBottom>
        You don’t have access
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Your role does not include this page. Ask an admin if you need it.
      </Typography>
      <Button variant="contained" component={RouterLink} to="/">
        Go to the overview
      </Button>
    </Box>
  );
}
