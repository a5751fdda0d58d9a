-- Every committed change to the tables whose answers the API keeps in memory (the connection list,
-- signed-in principals) is announced on the channel sluice_changes with the table's name, so that
-- every Sluice process drops what it kept. NOTIFY is sent at commit and folded per transaction.
CREATE OR REPLACE FUNCTION sluice_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sluice_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER data_connections_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON data_connections
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();--> statement-breakpoint
CREATE TRIGGER users_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();--> statement-breakpoint
CREATE TRIGGER sessions_notify_change AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();--> statement-breakpoint
CREATE TRIGGER roles_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();--> statement-breakpoint
CREATE TRIGGER role_permissions_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_permissions
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();
