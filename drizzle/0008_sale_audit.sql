CREATE TYPE "public"."sale_audit_action" AS ENUM('create', 'cancel', 'end');--> statement-breakpoint
CREATE TABLE "sale_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"admin_user_id" integer NOT NULL,
	"action" "sale_audit_action" NOT NULL,
	"sale_id" integer NOT NULL,
	"after" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sale_audit" ADD CONSTRAINT "sale_audit_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_audit" ADD CONSTRAINT "sale_audit_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sale_audit_sale_idx" ON "sale_audit" USING btree ("sale_id","created_at" DESC NULLS LAST);