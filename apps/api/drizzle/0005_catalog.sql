CREATE TABLE "catalog_columns" (
	"object_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"data_type" text NOT NULL,
	"nullable" boolean NOT NULL,
	"default_value" text,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "catalog_objects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"schema_name" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"comment" text,
	"row_estimate" bigint,
	"primary_key" jsonb NOT NULL,
	"foreign_keys" jsonb NOT NULL,
	"indexes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schema_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "schema_job_id" uuid;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "schema_tables_done" integer;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "schema_tables_total" integer;--> statement-breakpoint
ALTER TABLE "catalog_columns" ADD CONSTRAINT "catalog_columns_object_id_catalog_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."catalog_objects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_objects" ADD CONSTRAINT "catalog_objects_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schema_changes" ADD CONSTRAINT "schema_changes_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_columns_object_idx" ON "catalog_columns" USING btree ("object_id","ordinal");--> statement-breakpoint
CREATE INDEX "catalog_columns_connection_idx" ON "catalog_columns" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "catalog_columns_name_lower_idx" ON "catalog_columns" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "catalog_columns_name_trgm_idx" ON "catalog_columns" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_columns_comment_fts_idx" ON "catalog_columns" USING gin (to_tsvector('simple', coalesce("comment", '')));--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_objects_connection_name_idx" ON "catalog_objects" USING btree ("connection_id","schema_name","name");--> statement-breakpoint
CREATE INDEX "catalog_objects_name_lower_idx" ON "catalog_objects" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "catalog_objects_name_trgm_idx" ON "catalog_objects" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_objects_comment_fts_idx" ON "catalog_objects" USING gin (to_tsvector('simple', coalesce("comment", '')));--> statement-breakpoint
CREATE INDEX "schema_changes_connection_idx" ON "schema_changes" USING btree ("connection_id","synced_at");