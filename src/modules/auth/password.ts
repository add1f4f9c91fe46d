import argon2 from 'argon2';
import { AppError } from '../../domain/errors.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, type PasswordProblem } from '../../domain/password-policy.js';

const PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `A password can have at most ${PASSWORD_MAX_LENGTH} characters.`,
  one_character: 'This password repeats one character; choose one that is harder to guess.',
  sequence: 'This password is a run of keys or letters (like "abcdef", "123456" or "qwerty"); choose one that is harder to guess.',
  email: 'This password is the e-mail address or its first part; choose one that is harder to guess.',
  common: 'This is one of the most common passwords; choose one that is harder to guess.',
};

/**
 * Hashes a password someone chooses, refusing the obvious ones. Every place a password is set
 * goes through here (an admin creating a user, an invitation accepted).
 */
export function hashNewPassword(password: string, email: string): Promise<string> {
  const problem = passwordProblem(password, email);
  if (problem) throw new AppError('invalid_input', PROBLEM_MESSAGES[problem], { passwordProblem: problem });
  return hashPassword(password);
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

/** Verified against when the e-mail is unknown, so both failures take as long. */
export const unknownUserHash = hashPassword('no such user — constant-time placeholder');
