/** A JSON value as it travels (the shape of Prisma's JsonValue, which the server assigns to it). */
export type JsonValue = string | number | boolean | null | JsonObject | JsonValue[];
export type JsonObject = { [Key in string]?: JsonValue };
