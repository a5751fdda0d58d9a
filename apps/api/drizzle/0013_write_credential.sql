ALTER TABLE "data_connections" ADD COLUMN "write_username" text;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "encrypted_write_credential" text;