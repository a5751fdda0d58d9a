ALTER TABLE "health_checks" ADD COLUMN "message" text;--> statement-breakpoint
ALTER TABLE "health_checks" ADD COLUMN "hint" text;