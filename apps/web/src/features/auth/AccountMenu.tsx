import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Button, ListItemIcon, Menu, MenuItem } from '@mui/material';
import AccountCircle from '@mui/icons-material/AccountCircle';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import PersonOutline from '@mui/icons-material/PersonOutline';
import { ROLE_LABELS } from '@sluice/contracts';
import { useSession } from './useSession';

/** The signed-in user's name and role, opening what belongs to them: their API tokens. */
export function AccountMenu() {
  const { user } = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!user) return null;
  return (
    <>
      <Button
        color="inherit"
        startIcon={<AccountCircle />}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ textTransform: 'none', minWidth: 0 }}
      >
        <span className="account-name">
          {user.name}
          {' · '}
          {ROLE_LABELS[user.role]}
        </span>
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem component={RouterLink} to="/profile" onClick={() => setAnchor(null)}>
          <ListItemIcon>
            <PersonOutline fontSize="small" />
          </ListItemIcon>
          Profile and password
        </MenuItem>
        <MenuItem component={RouterLink} to="/tokens" onClick={() => setAnchor(null)}>
          <ListItemIcon>
            <KeyOutlined fontSize="small" />
          </ListItemIcon>
          API tokens
        </MenuItem>
      </Menu>
    </>
  );
}
