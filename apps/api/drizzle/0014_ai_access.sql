CREATE TYPE "public"."ai_access" AS ENUM('off', 'catalog', 'query');--> statement-breakpoint
CREATE TYPE "public"."column_tag" AS ENUM('hidden', 'pii');--> statement-breakpoint
CREATE TABLE "catalog_column_tags" (
	"connection_id" uuid NOT NULL,
	"schema_name" text NOT NULL,
	"object_name" text NOT NULL,
	"column_name" text NOT NULL,
	"tag" "column_tag" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_column_tags_connection_id_schema_name_object_name_column_name_pk" PRIMARY KEY("connection_id","schema_name","object_name","column_name")
);
--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "ai_access" "ai_access" DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_column_tags" ADD CONSTRAINT "catalog_column_tags_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TRIGGER catalog_column_tags_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_column_tags
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();
