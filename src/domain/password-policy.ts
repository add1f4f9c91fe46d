/** Why a new password is refused; the console words each one (en, zh-CN). */
export type PasswordProblem = 'too_short' | 'too_long' | 'one_character' | 'sequence' | 'email' | 'common';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

/** Runs a guesser tries first: the alphabet, digits and keyboard rows (either direction). */
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'azertyuiop', '1qaz2wsx3edc4rfv5tgb'];

/** A predictable run needs this many characters to count; shorter ones occur in ordinary words. */
const MIN_RUN = 3;
/** A password that is all predictable runs but for this many characters is still predictable. */
const MAX_UNPREDICTABLE = 3;

/**
 * The cores of the most used passwords (from public breach top lists, long enough to pass the
 * length rule once digits or symbols are added: "Password123!", "welcome2024").
 */
const COMMON_CORES = new Set([
  'password', 'passwort', 'passwd', 'qwerty', 'qwertz', 'azerty', 'letmein', 'welcome', 'admin', 'administrator', 'iloveyou',
  'monkey', 'dragon', 'football', 'baseball', 'soccer', 'hockey', 'sunshine', 'princess', 'superman', 'batman', 'master',
  'shadow', 'michael', 'jennifer', 'jordan', 'login', 'changeme', 'secret', 'trustno', 'starwars', 'whatever', 'freedom',
  'charlie', 'hello', 'helloworld', 'computer', 'internet', 'samsung', 'google', 'pokemon', 'minecraft', 'liverpool',
  'chelsea', 'arsenal', 'summer', 'winter', 'spring', 'autumn', 'flower', 'lovely', 'mustang', 'access', 'ninja', 'pass',
  'test', 'tester', 'testing', 'default', 'guest', 'user', 'root', 'toor', 'abc', 'qazwsx', 'zaq', 'asdf', 'zxcv',
  'contactcenter', 'support', 'helpdesk',
]);

/** Common character swaps ("p@ssw0rd") undone before comparing with the list. */
const UNLEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't' };

/** The first reason this password is too easy to guess for this account, or null. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (characters.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (new Set(lower).size === 1) return 'one_character';
  if (isEmailBased(lower, email)) return 'email';
  if (isCommon(lower)) return 'common';
  if (predictableCharacters(lower) >= characters.length - MAX_UNPREDICTABLE) return 'sequence';
  return null;
}

/** The address or its local part, alone or with digits and symbols around it. */
function isEmailBased(lower: string, email: string | undefined): boolean {
  if (!email) return false;
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? '';
  const core = stripDecoration(lower);
  return [address, localPart].some((candidate) => candidate.length > 0 && (core === candidate || core === stripDecoration(candidate)));
}

function isCommon(lower: string): boolean {
  const core = stripDecoration(lower);
  const unleeted = stripDecoration([...core].map((char) => UNLEET[char] ?? char).join(''));
  return [core, unleeted, core.replace(/[^a-z]/g, '')].some((candidate) => COMMON_CORES.has(candidate));
}

/** Drops digits, spaces and symbols at both ends: "!!Password2024" -> "password". */
function stripDecoration(value: string): string {
  return value.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** How many characters sit in runs of at least MIN_RUN that follow a sequence or repeat one character. */
function predictableCharacters(lower: string): number {
  const characters = [...lower];
  let covered = 0;
  let runLength = 1;
  for (let index = 1; index <= characters.length; index += 1) {
    const continues = index < characters.length && areNeighbours(characters[index - 1]!, characters[index]!);
    if (continues) {
      runLength += 1;
      continue;
    }
    if (runLength >= MIN_RUN) covered += runLength;
    runLength = 1;
  }
  return covered;
}

function areNeighbours(previous: string, next: string): boolean {
  if (previous === next) return true;
  return SEQUENCES.some((sequence) => sequence.includes(previous + next) || sequence.includes(next + previous));
}
