import type * as Prisma from '@prisma/client';
import type * as Contract from '../contracts/enums.js';

/*
 * Compile-time only: each enum of the shared contracts (src/contracts/enums.ts) must name exactly the
 * values of its Prisma enum, so a schema change that the console and widget do not know fails `tsc`.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<Condition extends true> = Condition;

export type ContractEnumsMatchPrisma = [
  Assert<Same<Contract.Role, Prisma.UserRole>>,
  Assert<Same<Contract.Channel, Prisma.ChannelKind>>,
  Assert<Same<Contract.ConversationStatus, Prisma.ConversationStatus>>,
  Assert<Same<Contract.Priority, Prisma.ConversationPriority>>,
  Assert<Same<Contract.CustomerTier, Prisma.CustomerTier>>,
  Assert<Same<Contract.IdentityKind, Prisma.IdentityKind>>,
  Assert<Same<Contract.MessageDirection, Prisma.MessageDirection>>,
  Assert<Same<Contract.SenderType, Prisma.SenderType>>,
  Assert<Same<Contract.DeliveryStatus, Prisma.DeliveryStatus>>,
  Assert<Same<Contract.ActorType, Prisma.ActorType>>,
  Assert<Same<Contract.NotificationKind, Prisma.NotificationKind>>,
  Assert<Same<Contract.RoutingPolicy, Prisma.RoutingPolicy>>,
  Assert<Same<Contract.HeldMailKind, Prisma.HeldMailKind>>,
];
