CREATE TABLE "catalog_documents" (
	"connection_id" uuid NOT NULL,
	"schema_name" text NOT NULL,
	"object_name" text NOT NULL,
	"part" integer NOT NULL,
	"content_hash" text NOT NULL,
	"words" "tsvector" NOT NULL,
	"refs" text[] NOT NULL,
	"model" text,
	"vector" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_documents_connection_id_schema_name_object_name_part_pk" PRIMARY KEY("connection_id","schema_name","object_name","part")
);
--> statement-breakpoint
CREATE TABLE "catalog_index_status" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"model" text,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"message" text,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_documents" ADD CONSTRAINT "catalog_documents_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_index_status" ADD CONSTRAINT "catalog_index_status_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_documents_refs_idx" ON "catalog_documents" USING gin ("refs");--> statement-breakpoint
CREATE TRIGGER catalog_index_status_notify_change AFTER INSERT OR UPDATE OF version OR DELETE OR TRUNCATE ON catalog_index_status
  FOR EACH STATEMENT EXECUTE FUNCTION sluice_notify_change();
