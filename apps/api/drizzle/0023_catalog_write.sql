ALTER TABLE "catalog_columns" DROP CONSTRAINT "catalog_columns_object_id_catalog_objects_id_fk";
--> statement-breakpoint
DROP INDEX "catalog_columns_connection_idx";--> statement-breakpoint
DROP INDEX "catalog_columns_name_lower_idx";--> statement-breakpoint
DROP INDEX "catalog_columns_comment_fts_idx";--> statement-breakpoint
DROP INDEX "catalog_objects_name_trgm_idx";--> statement-breakpoint
DROP INDEX "catalog_objects_comment_fts_idx";--> statement-breakpoint
ALTER TABLE "catalog_objects" ADD COLUMN "content_hash" text;--> statement-breakpoint
CREATE INDEX "catalog_columns_name_lower_idx" ON "catalog_columns" USING btree (lower("name"),"connection_id");--> statement-breakpoint
CREATE INDEX "catalog_columns_comment_fts_idx" ON "catalog_columns" USING gin (to_tsvector('simple', coalesce("comment", ''))) WITH (fastupdate=true) WHERE "catalog_columns"."comment" is not null;--> statement-breakpoint
CREATE INDEX "catalog_objects_name_trgm_idx" ON "catalog_objects" USING gin ("name" gin_trgm_ops) WITH (fastupdate=true);--> statement-breakpoint
CREATE INDEX "catalog_objects_comment_fts_idx" ON "catalog_objects" USING gin (to_tsvector('simple', coalesce("comment", ''))) WITH (fastupdate=true) WHERE "catalog_objects"."comment" is not null;--> statement-breakpoint
CREATE FUNCTION sluice_catalog_delete_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM catalog_columns c USING gone g WHERE c.object_id = g.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER catalog_objects_delete_columns AFTER DELETE ON catalog_objects
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION sluice_catalog_delete_columns();
