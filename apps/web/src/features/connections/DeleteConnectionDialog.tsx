import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import type { Connection } from '@sluice/contracts';

interface Props {
  connection: Connection | null;
  deleting: boolean;
  onCancel: () => void;
  onConfirm: (connection: Connection) => void;
}

export function DeleteConnectionDialog({ connection, deleting, onCancel, onConfirm }: Props) {
  return (
    <Dialog open={connection !== null} onClose={onCancel} aria-labelledby="delete-connection-title">
      <DialogTitle id="delete-connection-title">Delete {connection?.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Its settings and stored password are removed from Sluice. Tools that use this connection
          through Sluice stop working. The database itself is not touched.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          disabled={deleting}
          onClick={() => connection && onConfirm(connection)}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
