-- CreateEnum
CREATE TYPE "RoutingPolicy" AS ENUM ('LEAST_BUSY', 'ROUND_ROBIN', 'LONGEST_IDLE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "skills" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "channelWeights" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "overflowAfterSeconds" INTEGER,
ADD COLUMN     "overflowTeamId" UUID,
ADD COLUMN     "requeueAsyncOnOffline" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "routingPolicy" "RoutingPolicy" NOT NULL DEFAULT 'LEAST_BUSY';

-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN     "requiredSkills" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "assignedAt" TIMESTAMP(3),
ADD COLUMN     "queuedAt" TIMESTAMP(3),
ADD COLUMN     "requiredSkills" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "Conversation_teamId_queuedAt_idx" ON "Conversation"("teamId", "queuedAt");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_overflowTeamId_fkey" FOREIGN KEY ("overflowTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
