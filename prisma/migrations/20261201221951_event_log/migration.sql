-- CreateTable
CREATE TABLE "DomainEvent" (
    "id" BIGSERIAL NOT NULL,
    "txId" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventCursor" (
    "consumer" TEXT NOT NULL,
    "txId" BIGINT NOT NULL DEFAULT 0,
    "eventId" BIGINT NOT NULL DEFAULT 0,
    "leaseHolder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventCursor_pkey" PRIMARY KEY ("consumer")
);

-- CreateIndex
CREATE INDEX "DomainEvent_txId_id_idx" ON "DomainEvent"("txId", "id");
