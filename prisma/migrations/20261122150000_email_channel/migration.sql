-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "replyToken" TEXT NOT NULL DEFAULT substr(md5(gen_random_uuid()::text), 1, 20);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "channelData" JSONB;

-- CreateTable
CREATE TABLE "EmailMailbox" (
    "id" UUID NOT NULL,
    "inboxId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "imapHost" TEXT NOT NULL,
    "imapPort" INTEGER NOT NULL,
    "imapTls" BOOLEAN NOT NULL DEFAULT true,
    "imapUser" TEXT NOT NULL,
    "imapAuth" TEXT NOT NULL DEFAULT 'PASSWORD',
    "imapSecret" TEXT NOT NULL,
    "imapFolder" TEXT NOT NULL DEFAULT 'INBOX',
    "smtpHost" TEXT,
    "smtpPort" INTEGER,
    "smtpTls" BOOLEAN NOT NULL DEFAULT true,
    "smtpUser" TEXT,
    "smtpSecret" TEXT,
    "autoAcknowledge" BOOLEAN NOT NULL DEFAULT false,
    "reopenWithinDays" INTEGER NOT NULL DEFAULT 30,
    "uidValidity" BIGINT,
    "lastUid" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailMailbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailMailbox_inboxId_key" ON "EmailMailbox"("inboxId");

-- CreateIndex
CREATE INDEX "EmailMailbox_address_idx" ON "EmailMailbox"("address");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_replyToken_key" ON "Conversation"("replyToken");

-- AddForeignKey
ALTER TABLE "EmailMailbox" ADD CONSTRAINT "EmailMailbox_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

