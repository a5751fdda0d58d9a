CREATE TABLE "catalog_column_names" (
	"name" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "catalog_columns_name_trgm_idx";--> statement-breakpoint
DROP INDEX "catalog_columns_comment_fts_idx";--> statement-breakpoint
DROP INDEX "catalog_objects_name_trgm_idx";--> statement-breakpoint
DROP INDEX "catalog_objects_comment_fts_idx";--> statement-breakpoint
CREATE INDEX "catalog_column_names_trgm_idx" ON "catalog_column_names" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "catalog_columns_comment_fts_idx" ON "catalog_columns" USING gin (to_tsvector('simple', coalesce("comment", ''))) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "catalog_objects_name_trgm_idx" ON "catalog_objects" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "catalog_objects_comment_fts_idx" ON "catalog_objects" USING gin (to_tsvector('simple', coalesce("comment", ''))) WITH (fastupdate=false);--> statement-breakpoint
INSERT INTO "catalog_column_names" ("name") SELECT DISTINCT lower("name") FROM "catalog_columns" ON CONFLICT DO NOTHING;
