ALTER TABLE "data_connections" ADD COLUMN "ssh_tunnel" jsonb;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "has_ssh_credential" boolean DEFAULT false NOT NULL;