ALTER TABLE "data_connections" ADD COLUMN "provisioned_from" text;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "provisioned_created" boolean DEFAULT false NOT NULL;