-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "mergedIntoId" UUID;

-- CreateTable
CREATE TABLE "CustomerMergeSuggestion" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "candidateId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" TIMESTAMP(3),

    CONSTRAINT "CustomerMergeSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerMergeSuggestion_candidateId_idx" ON "CustomerMergeSuggestion"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerMergeSuggestion_customerId_candidateId_key" ON "CustomerMergeSuggestion"("customerId", "candidateId");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerMergeSuggestion" ADD CONSTRAINT "CustomerMergeSuggestion_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerMergeSuggestion" ADD CONSTRAINT "CustomerMergeSuggestion_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
