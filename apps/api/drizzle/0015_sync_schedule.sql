ALTER TABLE "data_connections" ADD COLUMN "sync_schedule" text DEFAULT 'daily' NOT NULL;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "next_sync_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "data_connections_next_sync_at_idx" ON "data_connections" USING btree ("next_sync_at");