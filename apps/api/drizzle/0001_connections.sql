CREATE TYPE "public"."connection_mode" AS ENUM('guided', 'connection_string');--> statement-breakpoint
CREATE TYPE "public"."connection_purpose" AS ENUM('analytics', 'operational', 'ai_readonly');--> statement-breakpoint
CREATE TYPE "public"."database_type" AS ENUM('postgresql', 'mysql', 'sqlserver', 'databricks', 'snowflake', 'oracle', 'sqlite');--> statement-breakpoint
CREATE TYPE "public"."schema_status" AS ENUM('not_ingested', 'queued', 'ingesting', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "data_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"db_type" "database_type" NOT NULL,
	"host" text,
	"port" integer,
	"database_name" text,
	"username" text,
	"encrypted_credential" text,
	"use_ssl" boolean DEFAULT false NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"connection_mode" "connection_mode" DEFAULT 'guided' NOT NULL,
	"purpose" "connection_purpose",
	"is_active" boolean DEFAULT true NOT NULL,
	"server_version" text,
	"schema_status" "schema_status" DEFAULT 'not_ingested' NOT NULL,
	"schema_ingested_at" timestamp with time zone,
	"schema_message" text,
	"created_by_user_id" uuid,
	"last_tested_at" timestamp with time zone,
	"last_test_result" boolean,
	"last_test_message" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_connections" ADD CONSTRAINT "data_connections_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_connections_created_by_user_id_idx" ON "data_connections" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "data_connections_db_type_idx" ON "data_connections" USING btree ("db_type");--> statement-breakpoint
CREATE INDEX "data_connections_created_at_idx" ON "data_connections" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "data_connections_name_idx" ON "data_connections" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "data_connections_last_tested_at_idx" ON "data_connections" USING btree ("last_tested_at","id");