-- CreateEnum
CREATE TYPE "HeldMailKind" AS ENUM ('AUTOMATIC', 'QUARANTINED');

-- CreateTable
CREATE TABLE "EmailHeldMail" (
    "id" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "kind" "HeldMailKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "fromAddress" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "raw" BYTEA NOT NULL,
    "rawSha256" TEXT NOT NULL,
    "releasedAt" TIMESTAMP(3),
    "conversationId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailHeldMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailHeldMail_mailboxId_kind_createdAt_idx" ON "EmailHeldMail"("mailboxId", "kind", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "EmailHeldMail_mailboxId_rawSha256_key" ON "EmailHeldMail"("mailboxId", "rawSha256");

-- AddForeignKey
ALTER TABLE "EmailHeldMail" ADD CONSTRAINT "EmailHeldMail_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "EmailMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
