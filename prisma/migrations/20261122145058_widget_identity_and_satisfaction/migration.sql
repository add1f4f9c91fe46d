-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN     "identitySecret" TEXT;

-- CreateTable
CREATE TABLE "SatisfactionRating" (
    "id" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "rating" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SatisfactionRating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionRating_conversationId_key" ON "SatisfactionRating"("conversationId");

-- CreateIndex
CREATE INDEX "SatisfactionRating_createdAt_idx" ON "SatisfactionRating"("createdAt");

-- AddForeignKey
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Prisma cannot express a range check, and a rating outside 1..5 is a bug wherever it comes from
-- (no semicolons in comments: the pg adapter splits scripts on them).
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_rating_range" CHECK ("rating" BETWEEN 1 AND 5);
