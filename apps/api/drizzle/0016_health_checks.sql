CREATE TABLE "health_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"success" boolean NOT NULL,
	"error_code" text,
	"latency_ms" integer NOT NULL,
	"server_version" text,
	"manual" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "health_check_interval" text DEFAULT '15m' NOT NULL;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "health_state" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "health_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_connections" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_connection_id_data_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."data_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "health_checks_connection_idx" ON "health_checks" USING btree ("connection_id","checked_at");--> statement-breakpoint
CREATE INDEX "health_checks_checked_at_idx" ON "health_checks" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "data_connections_next_check_at_idx" ON "data_connections" USING btree ("next_check_at");