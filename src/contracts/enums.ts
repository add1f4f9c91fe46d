/*
 * Enumerations the server, the agent console and the widget share. Import-free: the console and widget
 * builds compile this file too. The server checks that each equals its Prisma enum
 * (src/infra/prisma-enums.check.ts).
 */

export const ROLES = ['AGENT', 'SUPERVISOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const CHANNELS = ['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONVERSATION_STATUSES = ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CUSTOMER_TIERS = ['STANDARD', 'SILVER', 'GOLD', 'PLATINUM'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const IDENTITY_KINDS = ['EMAIL', 'PHONE', 'WIDGET_VISITOR', 'EXTERNAL_ID'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const PRESENCE_STATUSES = ['ONLINE', 'AWAY', 'OFFLINE'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const SENDER_TYPES = ['CUSTOMER', 'AGENT', 'SYSTEM'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** RECEIVED: inbound and stored; QUEUED: outbound and waiting for its channel. */
export const DELIVERY_STATUSES = ['RECEIVED', 'QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const ACTOR_TYPES = ['CUSTOMER', 'AGENT', 'SYSTEM'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const NOTIFICATION_KINDS = ['ASSIGNED', 'MENTION', 'MESSAGE'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const ROUTING_POLICIES = ['LEAST_BUSY', 'ROUND_ROBIN', 'LONGEST_IDLE'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

/** AUTOMATIC: an auto-reply or bulk mail kept out of conversations; QUARANTINED: could not be stored. */
export const HELD_MAIL_KINDS = ['AUTOMATIC', 'QUARANTINED'] as const;
export type HeldMailKind = (typeof HELD_MAIL_KINDS)[number];
